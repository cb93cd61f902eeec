package org.screening.workers.stream;

/**
 * One model's counters, named after Triton's ({@code nv_inference_request_success} and so on)
 * so dashboards map one to one.
 *
 * @param model {@code name:version}
 * @param requestSuccess frames that got a result from this model
 * @param requestFailure frames that failed alone in this model (dead-lettered)
 * @param execCount batches run (a bisected batch counts once)
 * @param pendingRequestCount frames queued for a batch now
 * @param queueDurationUs total microseconds frames spent from consumption to their batch start
 * @param computeInferDurationUs total microseconds of batch runs
 */
public record ModelMetrics(String model, long requestSuccess, long requestFailure, long execCount,
    int pendingRequestCount, long queueDurationUs, long computeInferDurationUs) {}
