/**
 * The benches that time TensorFlow compute in this JVM, with no Kafka in the way: the involution
 * kernel against its standard-op composites ({@link KernelBench}, with its XLA child JVM) and a
 * model's bare session at growing batch sizes ({@link ModelBench}). Both time their candidates
 * side by side with {@link Timer}; {@link Machine} and {@link BenchResults} describe and keep
 * every bench's report, the transport and pipeline benches' too. Launcher-only: the worker
 * artefact carries no bench code.
 */
package org.screening.launcher.bench.compute;
