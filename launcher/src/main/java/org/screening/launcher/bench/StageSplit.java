package org.screening.launcher.bench;

import java.util.List;
import java.util.function.ToDoubleFunction;
import org.screening.launcher.bench.PipelineProbe.Sample;

/**
 * Medians of where a frame's time went: the worker's queue (micro-batch wait included), decode
 * and preprocess, inference (the whole batch's), produce (what is left until the result is on the
 * results topic: the frame's trip to the worker and the result's produce and trip back), and
 * fan-out (from the results topic to the SSE client, through the gateway).
 */
public record StageSplit(double queueMs, double decodeMs, double inferenceMs, double produceMs,
    double fanOutMs) {

  static StageSplit of(List<Sample> samples) {
    return new StageSplit(median(samples, Sample::queueMs), median(samples, Sample::decodeMs),
        median(samples, Sample::inferenceMs),
        median(samples, s -> s.resultTopicMs() - s.queueMs() - s.decodeMs() - s.inferenceMs()),
        median(samples, Sample::fanOutMs));
  }

  private static double median(List<Sample> samples, ToDoubleFunction<Sample> stage) {
    double[] values = samples.stream().mapToDouble(stage).sorted().toArray();
    int mid = values.length / 2;
    return values.length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
  }
}
