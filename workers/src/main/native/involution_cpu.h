// Test and benchmark hooks of the CPU kernels, beyond the interface in involution_kernels.h.
#ifndef SCREENING_INVOLUTION_CPU_H_
#define SCREENING_INVOLUTION_CPU_H_

namespace involution {

// Instruction set the CPU kernels run with: "avx512", "avx2" or "sse2", the best the processor
// supports unless INVOLUTION_CPU_ISA names a lower one (read once, at first use; tests use it to
// cover every variant on one machine).
const char* CpuIsa();

}  // namespace involution

#endif  // SCREENING_INVOLUTION_CPU_H_
