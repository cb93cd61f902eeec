package org.screening.workers.stream;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.kafka.client.producer.KafkaWriteStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.apache.kafka.common.TopicPartition;
import org.screening.workers.batching.BatchingPolicy;
import org.screening.workers.config.WorkerConfig;
import org.screening.workers.decode.DecodeLimits;
import org.screening.workers.decode.ImageDecoder;
import org.screening.workers.decode.PixelRefPolicy;
import org.screening.workers.decode.PixelSource;
import org.screening.workers.inference.BisectingRunner;
import org.screening.workers.inference.InferenceStep;
import org.screening.workers.inference.ModelRegistry;
import org.screening.workers.inference.ResultFactory;
import org.screening.workers.inference.ServedModel;
import org.screening.workers.publish.DeadLetterPublisher;
import org.screening.workers.publish.RecordSender;
import org.screening.workers.publish.ResultPublisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker on one event loop: the frames consumer, the pipeline and a lane per model, over
 * models loaded beforehand. How undeploying it ends the stream is set by {@link #ending}: by
 * default it stops consuming, runs what is queued, commits and leaves the group.
 */
final class WorkerVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(WorkerVerticle.class);
  /** Worker executors are shared by name, so every verticle instance gets names of its own. */
  private static final AtomicInteger INSTANCES = new AtomicInteger();

  /** How the coming undeploy ends the stream. */
  enum Ending {
    /** Run what is queued, wait for its results (up to the drain timeout), commit. */
    DRAIN,
    /** Commit what is finished and give the rest up unfinished, for the next consumer. */
    RESTART,
    /** As a crash would: nothing drained, nothing committed. */
    CRASH
  }

  /** Told, at most once and never while stopping, of a frame this verticle cannot end. */
  @FunctionalInterface
  interface FailureHandler {
    void failed(WorkerVerticle verticle, String what, Throwable cause);
  }

  private final WorkerConfig config;
  private final ModelRegistry models;
  private final InferenceStep step;
  private final UnaryOperator<Preparation> preparation;
  private final WorkerCounters counters;
  private final FailureHandler failures;
  private final AtomicBoolean failureReported = new AtomicBoolean();
  private final List<WorkerExecutor> executors = new ArrayList<>();
  private FramePipeline pipeline;
  private volatile FrameConsumer consumer;
  private volatile RecordSender sender;
  private volatile List<ModelLane> lanes = List.of();
  private volatile Ending ending = Ending.DRAIN;
  private volatile boolean stopping;

  WorkerVerticle(WorkerConfig config, ModelRegistry models, InferenceStep step,
      UnaryOperator<Preparation> preparation, WorkerCounters counters, FailureHandler failures) {
    this.config = config;
    this.models = models;
    this.step = step;
    this.preparation = preparation;
    this.counters = counters;
    this.failures = failures;
  }

  @Override
  public Future<?> start() {
    Future<Void> subscribed;
    try {
      assemble();
      subscribed = consumer.start();
    } catch (RuntimeException e) {
      // The Kafka clients check their own properties only now.
      subscribed = Future.failedFuture(e);
    }
    return subscribed.recover(e -> release().transform(v -> Future.failedFuture(e)));
  }

  private void assemble() {
    String workerId = config.workerId();
    String instance = workerId + "-" + INSTANCES.incrementAndGet();
    sender = new RecordSender(vertx, KafkaWriteStream.create(vertx, config.producerProperties()));
    ResultFactory results = new ResultFactory(workerId);
    // Decoding frames and building results (resizing masks to frame size, encoding PNGs): the
    // pixel work on either side of the sessions, kept off the models' threads.
    WorkerExecutor decodePool =
        executor("screening-decode-" + instance, config.getInt(WorkerConfig.DECODE_THREADS));
    pipeline = new FramePipeline(decodePool,
        preparation.apply(
            new FramePreparer(new PixelSource(PixelRefPolicy.from(config)),
                new ImageDecoder(DecodeLimits.from(config)), models)::prepare),
        new ResultPublisher(sender, config.getString(WorkerConfig.TOPIC_RESULTS)),
        new DeadLetterPublisher(sender, config.getString(WorkerConfig.TOPIC_DEAD_LETTERS)),
        results, counters, this::failed);
    for (ServedModel model : models.models()) {
      pipeline.addLane(new ModelLane(vertx, model, BatchingPolicy.from(config, model.id()),
          executor("screening-inference-" + model.key() + "-" + instance, 1), decodePool,
          new BisectingRunner(step), results, pipeline, workerId, counters.registry()));
    }
    lanes = pipeline.lanes();
    consumer = new FrameConsumer(vertx, config, pipeline, counters);
    pipeline.onInFlightChange(consumer::backPressure);
  }

  @Override
  public Future<?> stop() {
    stopping = true;
    Future<Void> settled = switch (ending) {
      case CRASH -> {
        pipeline.abandon();
        yield Future.succeededFuture();
      }
      case RESTART -> {
        consumer.stopConsuming();
        yield consumer.commit().otherwiseEmpty().onComplete(v -> pipeline.abandon());
      }
      case DRAIN -> {
        consumer.stopConsuming();
        long timeout = config.getLong(WorkerConfig.DRAIN_TIMEOUT_MS);
        yield pipeline.drain().timeout(timeout, TimeUnit.MILLISECONDS)
            .recover(e -> {
              LOG.warn("{} frame(s) still in flight after {} ms; they stay uncommitted",
                  pipeline.inFlight(), timeout);
              return Future.succeededFuture();
            })
            .compose(v -> consumer.commit().otherwiseEmpty());
      }
    };
    // A session must not be closed under a running batch, so every lane goes idle first.
    return settled.eventually(pipeline::stopLanes).eventually(this::release);
  }

  /** Closes the consumer, the producer and the threads, whichever exist. */
  private Future<Void> release() {
    Future<Void> consumerClosed = consumer == null ? Future.succeededFuture() : consumer.close();
    return consumerClosed
        .eventually(() -> sender == null ? Future.succeededFuture() : sender.close())
        .eventually(() -> Future.all(executors.stream().map(WorkerExecutor::close).toList()))
        .mapEmpty();
  }

  /** Sets how the coming undeploy ends the stream. */
  void ending(Ending ending) {
    this.ending = ending;
  }

  /** Completes once the worker's event loop runs it: whether that loop still turns. */
  Future<Void> ping() {
    Promise<Void> answered = Promise.promise();
    context.runOnContext(v -> answered.complete());
    return answered.future();
  }

  /** See {@link RecordSender#lastFailure()}; safe from any thread. */
  Throwable lastSendFailure() {
    RecordSender started = sender;
    return started == null ? null : started.lastFailure();
  }

  /** Safe from any thread. */
  List<ModelMetrics> modelMetrics() {
    return lanes.stream().map(ModelLane::metrics).toList();
  }

  /** Safe from any thread. */
  Map<TopicPartition, Duration> oldestUnfinished() {
    FrameConsumer assembled = consumer;
    return assembled == null ? Map.of() : assembled.oldestUnfinished();
  }

  /** Why a model fails for every input now, or null; safe from any thread. */
  String inferenceFault() {
    return lanes.stream().map(ModelLane::fault).filter(Objects::nonNull).findFirst()
        .orElse(null);
  }

  private void failed(String what, Throwable cause) {
    if (!stopping && failureReported.compareAndSet(false, true)) {
      failures.failed(this, what, cause);
    }
  }

  private WorkerExecutor executor(String name, int threads) {
    WorkerExecutor executor = vertx.createSharedWorkerExecutor(name, threads);
    executors.add(executor);
    return executor;
  }
}
