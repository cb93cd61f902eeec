package org.screening.workers.stream;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.WorkerExecutor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.IntConsumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.screening.schemas.DeadLetterReason;
import org.screening.schemas.v1.Result;
import org.screening.schemas.v1.Timings;
import org.screening.workers.decode.RejectedFrameException;
import org.screening.workers.inference.ResultFactory;
import org.screening.workers.publish.DeadLetterPublisher;
import org.screening.workers.publish.ResultPublisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries each consumed frame through preparation (decode pool), its models' lanes and
 * publication, and counts what it still owes: a frame is finished, and its offset may be
 * committed, once every result or dead letter it owes is acknowledged by the broker. A frame it
 * cannot end that way (its result or dead letter refused for good, an Error while preparing it)
 * is reported to the stream's failure handler, which restarts the stream so that it comes again:
 * never left to hold its partition's offset and an in-flight slot for good. Runs on the
 * worker's event loop.
 */
final class FramePipeline implements ModelLane.Listener {

  private static final Logger LOG = LoggerFactory.getLogger(FramePipeline.class);

  private final WorkerExecutor decodePool;
  private final Preparation preparer;
  private final ResultPublisher results;
  private final DeadLetterPublisher deadLetters;
  private final ResultFactory resultFactory;
  private final WorkerCounters counters;
  private final BiConsumer<String, Throwable> streamFailed;
  private final Map<String, ModelLane> lanes = new HashMap<>();
  private final Set<FrameJob> jobs = new HashSet<>();
  private IntConsumer inFlightListener = count -> {};
  private Promise<Void> emptied;

  FramePipeline(WorkerExecutor decodePool, Preparation preparer, ResultPublisher results,
      DeadLetterPublisher deadLetters, ResultFactory resultFactory, WorkerCounters counters,
      BiConsumer<String, Throwable> streamFailed) {
    this.decodePool = decodePool;
    this.preparer = preparer;
    this.results = results;
    this.deadLetters = deadLetters;
    this.resultFactory = resultFactory;
    this.counters = counters;
    this.streamFailed = streamFailed;
  }

  void addLane(ModelLane lane) {
    lanes.put(lane.model().key(), lane);
  }

  List<ModelLane> lanes() {
    return List.copyOf(lanes.values());
  }

  /** Told the number of frames in flight whenever it changes (back-pressure). */
  void onInFlightChange(IntConsumer listener) {
    this.inFlightListener = listener;
  }

  int inFlight() {
    return jobs.size();
  }

  void accept(ConsumerRecord<byte[], byte[]> record, PartitionOffsets offsets) {
    FrameJob job = new FrameJob(record, offsets, System.nanoTime());
    offsets.consumed(record.offset(), job.consumedNanos);
    jobs.add(job);
    counters.consumed.incrementAndGet();
    changed();
    decodePool.executeBlocking(() -> preparer.prepare(record.value()), false)
        .onComplete(prepared -> prepared(job, prepared));
  }

  /** Forgets the frames of revoked partitions: their new owner will consume them again. */
  void revoke(Set<TopicPartition> partitions) {
    for (FrameJob job : new ArrayList<>(jobs)) {
      if (partitions.contains(job.offsets.partition())) {
        job.end();
        jobs.remove(job);
      }
    }
    lanes.values().forEach(lane -> lane.removeIf(item -> item.job().over()));
    changed();
  }

  /** Runs every queued frame now; completes when no frame is in flight. */
  Future<Void> drain() {
    lanes.values().forEach(ModelLane::drain);
    if (jobs.isEmpty()) {
      return Future.succeededFuture();
    }
    if (emptied == null) {
      emptied = Promise.promise();
    }
    return emptied.future();
  }

  /** Gives up every frame in flight unfinished, as a crash would. */
  void abandon() {
    jobs.forEach(FrameJob::end);
    jobs.clear();
    lanes.values().forEach(lane -> lane.removeIf(item -> true));
    changed();
  }

  /** Stops every lane (no more batches, no more retries); then waits for the running ones. */
  Future<Void> stopLanes() {
    lanes.values().forEach(ModelLane::stop);
    return Future.all(lanes.values().stream().map(ModelLane::whenIdle).toList()).mapEmpty();
  }

  @Override
  public void inferred(InferenceItem item, Result result) {
    publish(item.job(), result, false);
  }

  @Override
  public void failed(InferenceItem item, Exception cause) {
    deadLetter(item.job(), DeadLetterReason.INFERENCE_FAILED,
        item.route().model().key() + " failed on frame " + item.frame().frameId() + ": " + cause);
  }

  @Override
  public void dropped(InferenceItem item, Map<String, String> attributes) {
    FrameJob job = item.job();
    Timings timings = Timings.newBuilder()
        .setQueueMs((System.nanoTime() - job.consumedNanos) / 1e6)
        .setDecodeMs(item.decodeMs())
        .setInferenceMs(0)
        .setEndToEndMs(job.endToEndMs())
        .build();
    publish(job, resultFactory.dropped(item.frame(), job.frameRef(), item.route(), attributes,
        timings), true);
  }

  private void prepared(FrameJob job, AsyncResult<PreparedFrame> prepared) {
    if (job.over()) {
      return;
    }
    if (prepared.failed()) {
      Throwable cause = prepared.cause();
      if (cause instanceof RejectedFrameException rejected) {
        deadLetter(job, rejected.reason(), rejected.getMessage());
      } else if (cause instanceof Exception) {
        // Image readers fail on crafted input in ways no header check foresees.
        deadLetter(job, DeadLetterReason.CORRUPT_IMAGE, "unexpected decoding failure: " + cause);
      } else {
        // An Error (out of memory) is the worker's fault, not the frame's: the frame stays
        // uncommitted and the restarted stream tries it again.
        streamFailed.accept("cannot prepare the frame at " + job.offsets.partition()
            + " offset " + job.record.offset(), cause);
      }
      return;
    }
    PreparedFrame frame = prepared.result();
    counters.decoded(frame.encoding(), frame.decodeMs());
    job.owes(frame.meta(), frame.inputs().size());
    for (PreparedFrame.Input input : frame.inputs()) {
      lanes.get(input.route().model().key()).offer(
          new InferenceItem(job, frame.meta(), input.route(), input.pixels(), frame.decodeMs()));
    }
  }

  private void publish(FrameJob job, Result result, boolean drop) {
    results.publish(result).onComplete(sent -> {
      if (sent.succeeded()) {
        counters.results.incrementAndGet();
        if (drop) {
          counters.dropped.incrementAndGet();
        }
      }
      delivered(job, sent, "result");
    });
  }

  private void deadLetter(FrameJob job, DeadLetterReason reason, String cause) {
    // The cause names producer-chosen values (frame ids), so it goes only to the dead letter's
    // header; the log line says where to find it.
    LOG.warn("Dead letter {} for {} offset {}", reason, job.offsets.partition(),
        job.record.offset());
    deadLetters.publish(job.record, reason, cause).onComplete(sent -> {
      if (sent.succeeded()) {
        counters.deadLettered(reason);
      }
      delivered(job, sent, "dead letter");
    });
  }

  private void delivered(FrameJob job, AsyncResult<Void> sent, String what) {
    if (sent.failed()) {
      counters.publishFailed(what.replace(' ', '_'));
      // Refused for good (a dead letter even as a stub, rights withdrawn): the frame stays
      // uncommitted and the restarted stream tries it again.
      streamFailed.accept("cannot publish the " + what + " of the frame at "
          + job.offsets.partition() + " offset " + job.record.offset(), sent.cause());
      return;
    }
    if (!job.over() && job.delivered()) {
      if (job.meta() != null && "result".equals(what)) {
        counters.answered(job.meta().modality(), job.meta().qos(), job.endToEndMs());
      }
      job.end();
      job.offsets.finished(job.record.offset());
      jobs.remove(job);
      changed();
    }
  }

  private void changed() {
    counters.inFlight.set(jobs.size());
    inFlightListener.accept(jobs.size());
    if (jobs.isEmpty() && emptied != null) {
      emptied.complete();
      emptied = null;
    }
  }
}
