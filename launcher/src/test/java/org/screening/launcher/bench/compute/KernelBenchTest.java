package org.screening.launcher.bench.compute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.screening.launcher.bench.BenchCommand;
import org.screening.workers.involution.InvolutionLibrary;
import picocli.CommandLine;

class KernelBenchTest {

  private static final String SHAPE = "[2,6,7,4] K=3 G=2";

  private static final List<String> SHAPE_FIELDS = List.of("custom_fwd_ms", "composite_fwd_ms",
      "xla_fwd_ms", "best_composite_fwd_ms", "fwd_speedup", "custom_fwdbwd_ms",
      "composite_fwdbwd_ms", "xla_fwdbwd_ms", "best_composite_fwdbwd_ms", "fwdbwd_speedup",
      "bandwidth_efficiency", "bandwidth_efficiency_fwdbwd");

  @TempDir
  Path results;

  @Test
  void kernelBenchReportsEveryVariantConsistentlyAsTheLastJsonLine() throws Exception {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    // No TF_XLA_FLAGS in the test JVM, so this also runs the child JVM, and in it checks that
    // only the XLA composite executed XLA clusters.
    int exit = new CommandLine(new BenchCommand())
        .setOut(new PrintWriter(out))
        .setErr(new PrintWriter(err))
        .execute("kernel", "--json", "--repeats", "5", "--budget-ms", "100", "--copy-mib", "16",
            "--shape", SHAPE, "--results-dir", results.toString());
    assertEquals(0, exit, "exit code; stderr:\n" + err);

    String[] lines = out.toString().strip().split("\\R");
    assertTrue(out.toString().contains(SHAPE), "table names the shape:\n" + out);
    JsonNode report = new ObjectMapper().readTree(lines[lines.length - 1]);

    double copyGbps = positive(report, "copy_bandwidth_gbps");
    assertEquals(Runtime.getRuntime().availableProcessors(), report.get("cores").asInt());
    assertTrue(report.get("jvm").asText().contains(System.getProperty("java.vm.version")));
    assertTrue(report.get("tensorflow").asText().startsWith("2."), report.toString());
    assertEquals(InvolutionLibrary.load().sha256(), report.get("op_library_sha256").asText());
    assertEquals(1, report.get("shapes").size());

    JsonNode row = report.get("shapes").get(0);
    assertEquals(SHAPE, row.get("shape").asText());
    for (String field : SHAPE_FIELDS) {
      positive(row, field);
    }
    assertEquals(Math.min(row.get("composite_fwd_ms").asDouble(), row.get("xla_fwd_ms").asDouble()),
        row.get("best_composite_fwd_ms").asDouble());
    assertEquals(Math.min(row.get("composite_fwdbwd_ms").asDouble(),
        row.get("xla_fwdbwd_ms").asDouble()), row.get("best_composite_fwdbwd_ms").asDouble());

    // x [2,6,7,4] and kernel [2,6,7,2,9], 4 bytes each; dy, dx and y are x-sized, dkernel too.
    long x = 2 * 6 * 7 * 4;
    long kernel = 2 * 6 * 7 * 2 * 9;
    long fwdBytes = 4 * (x + kernel + x);
    long fwdbwdBytes = fwdBytes + 4 * (x + kernel + x + x + kernel);
    assertRatio(row, "bandwidth_efficiency",
        fwdBytes / (row.get("custom_fwd_ms").asDouble() * 1e6) / copyGbps);
    assertRatio(row, "bandwidth_efficiency_fwdbwd",
        fwdbwdBytes / (row.get("custom_fwdbwd_ms").asDouble() * 1e6) / copyGbps);

    double maxAbsDiff = row.get("max_abs_diff").asDouble(Double.NaN);
    assertTrue(maxAbsDiff >= 0 && maxAbsDiff < 1e-5, "max_abs_diff " + maxAbsDiff);
    assertTrue(row.get("xla_compiled").asBoolean(), "the child JVM ran an XLA-compiled cluster");
    assertEquals(0, row.get("xla_unclustered_ops").size(),
        "XLA compiled the whole forward+backward step: " + row.get("xla_unclustered_ops"));
    assertEquals(5, row.get("fwd_rounds").asInt());
    assertEquals(5, row.get("fwdbwd_rounds").asInt());
    for (String field : List.of("custom_fwd_ms", "composite_fwdbwd_ms", "fwd_speedup",
        "fwdbwd_speedup")) {
      double iqr = row.get("iqr").get(field).asDouble(Double.NaN);
      assertTrue(iqr >= 0, "iqr." + field + " = " + iqr);
    }

    try (Stream<Path> kept = Files.list(results)) {
      List<Path> files = kept.toList();
      assertEquals(1, files.size(), files.toString());
      assertTrue(files.get(0).getFileName().toString().startsWith("kernel-"), files.toString());
      assertEquals(report, new ObjectMapper().readTree(files.get(0).toFile()));
    }
  }

  @Test
  void interquartileRangesInterpolateBetweenRanks() {
    Timing t = new Timing(new double[] {4, 1, 3, 2, 100});
    assertEquals(3, t.medianMs());
    assertEquals(4 - 2, t.iqrMs(), 1e-12);
    Timing half = new Timing(new double[] {2, 0.5, 1.5, 1, 50});
    assertEquals(2 - 1, t.ratioIqrTo(new Timing(new double[] {2, 2, 2, 2, 2})), 1e-12);
    assertEquals(2, t.medianRatioTo(half));
    assertEquals(0, t.ratioIqrTo(half), 1e-12);
  }

  @Test
  void timerRunsTheStepsRoundRobinStartingEachRoundAtTheNextStep() {
    List<String> calls = new ArrayList<>();
    List<Runnable> steps = List.of(() -> calls.add("a"), () -> calls.add("b"), () -> calls.add("c"));
    List<Timing> timings = new Timer(4, 0).time(steps);
    assertEquals(3, timings.size());
    timings.forEach(t -> assertEquals(4, t.runs()));
    int warmup = 3 * Timer.WARMUP_RUNS;
    assertEquals(List.of("a", "b", "c", "b", "c", "a", "c", "a", "b", "a", "b", "c"),
        calls.subList(warmup, calls.size()));
  }

  @Test
  void speedupIsTheMedianOfPerRoundRatiosToTheFasterComposite() {
    KernelShape shape = KernelShape.parse(SHAPE);
    // Round 2 is a load spike that slows every variant; round 4 slows the custom op alone.
    double[] custom = {1, 1, 3, 1, 2};
    double[] composite = {2, 2, 6, 2, 2};
    double[] slower = {9, 9, 9, 9, 9};
    ShapeReport report = ShapeReport.of(shape,
        result(Variant.CUSTOM, custom), result(Variant.COMPOSITE, composite),
        result(Variant.XLA_COMPOSITE, slower), 10);
    assertEquals(1, report.customFwdMs());
    assertEquals(2, report.bestCompositeFwdMs());
    assertEquals(9, report.xlaFwdMs());
    assertEquals(2, report.fwdSpeedup());
    assertEquals(2, report.fwdbwdSpeedup());
    assertEquals(5, report.fwdRounds());
    // Ratios 2, 2, 2, 2, 1: quartiles 2 and 2.
    assertEquals(0, report.iqr().fwdSpeedup());
    assertEquals(1, report.iqr().customFwdMs());
    assertThrows(IllegalArgumentException.class,
        () -> new Timing(custom).medianRatioTo(new Timing(new double[] {1, 2})));
  }

  @Test
  void shapeLabelsRoundTripAndBadOnesAreRefused() {
    for (KernelShape shape : KernelShape.STANDARD) {
      assertEquals(shape, KernelShape.parse(shape.label()));
    }
    KernelShape dilated = KernelShape.parse("[1, 9, 11, 4] K=5 G=2 D=2");
    assertEquals(new KernelShape(1, 9, 11, 4, 2, 5, 2), dilated);
    assertEquals("[1,9,11,4] K=5 G=2 D=2", dilated.label());
    assertThrows(IllegalArgumentException.class, () -> KernelShape.parse("[1,9,11] K=5 G=2"));
    assertThrows(IllegalArgumentException.class, () -> KernelShape.parse("[0,9,11,4] K=3 G=1"));
  }

  @Test
  void disagreementOrNanIsACorrectnessFailure() {
    KernelBenchReport report = new KernelBenchReport(
        List.of(row("close", 5e-5), row("far", 2e-4), row("nan", Double.NaN)),
        10, 2, "jvm", "2.18.0", "0".repeat(64), "cpu", "in-process");
    List<String> failures = report.correctnessFailures(KernelBench.TOLERANCE);
    assertEquals(2, failures.size(), failures.toString());
    assertTrue(failures.get(0).startsWith("far") && failures.get(1).startsWith("nan"));
  }

  private static ShapeReport row(String shape, double maxAbsDiff) {
    return new ShapeReport(shape, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0.1, 0.1, maxAbsDiff, 1, 1, true,
        List.of(), 5, 5, new ShapeReport.Spread(0, 0, 0, 0, 0, 0, 0, 0));
  }

  private static VariantResult result(Variant variant, double[] rounds) {
    return new VariantResult(variant, SHAPE, rounds, rounds, variant == Variant.XLA_COMPOSITE,
        List.of(), 0);
  }

  private static double positive(JsonNode node, String field) {
    assertTrue(node.hasNonNull(field) && node.get(field).isNumber(), field + " in " + node);
    double value = node.get(field).asDouble();
    assertTrue(value > 0 && Double.isFinite(value), field + " = " + value);
    return value;
  }

  private static void assertRatio(JsonNode row, String field, double expected) {
    assertEquals(expected, row.get(field).asDouble(), 1e-9 * expected, field);
  }
}
