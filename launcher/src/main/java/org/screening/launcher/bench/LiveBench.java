package org.screening.launcher.bench;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.screening.broker.EmbeddedKafka;
import org.screening.launcher.bench.PipelineProbe.Sample;
import org.screening.launcher.bench.compute.Machine;
import org.screening.schemas.v1.Frame;
import org.screening.schemas.v1.QosClass;
import org.screening.schemas.v1.Task;
import org.screening.workers.config.WorkerConfig;

/**
 * A LIVE endoscopy feed: raw frames at a fixed rate asking for Med-IC segmentation, through the
 * embedded broker, a worker with its defaults and a gateway node, all in this process, to an SSE
 * client. The worker may drop a stale LIVE frame (a newer one of its feed replaced it in the
 * queue); it says so in a result, which the gateway delivers like any other.
 */
public final class LiveBench {

  static final String MODEL = "medic-seg";
  static final String FEED = "bench-live";
  /** How long a frame may still be answered once the feed has stopped. */
  private static final long GRACE_NANOS = TimeUnit.SECONDS.toNanos(10);
  private static final double WARM_UP_SECONDS = 3;

  /** What to send: frame rate, seconds, frame side, partitions of the topics. */
  public record Settings(Path home, double fps, double seconds, int side, int partitions) {}

  private final Settings settings;
  private final PrintWriter log;

  public LiveBench(Settings settings, PrintWriter log) {
    this.settings = settings;
    this.log = log;
  }

  public LiveReport run() throws Exception {
    WorkerConfig config = WorkerConfig.defaults()
        .with("models.medic-cls.dir", settings.home().resolve("models/medic-cls/1").toString())
        .with("models." + MODEL + ".dir",
            settings.home().resolve("models/" + MODEL + "/1").toString());
    Frame template = TransportPayload.rawFrame(settings.side(), Task.SEGMENT, QosClass.LIVE);
    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      PipelineBench.createTopics(kafka, settings.partitions());
      try (InProcessStack stack = InProcessStack.start(kafka, config);
          PipelineProbe probe = new PipelineProbe(kafka);
          SseClient viewer = new SseClient(stack.gatewayPort(), stack.apiKey(), List.of(FEED),
              probe::delivered)) {
        log.printf("Warming up for %.0f s...%n", WARM_UP_SECONDS);
        log.flush();
        feed(probe, template, WARM_UP_SECONDS, 0);
        awaitAnswers(probe);
        probe.drain();
        log.printf("LIVE feed of %dx%d frames at %.0f frames/s for %.0f s...%n", settings.side(),
            settings.side(), settings.fps(), settings.seconds());
        log.flush();
        long sent = feed(probe, template, settings.seconds(), 1_000_000);
        awaitAnswers(probe);
        List<Sample> completed = probe.drain();
        return LiveReport.of(MODEL, settings.side(), settings.fps(), settings.seconds(), sent,
            completed, Machine.current());
      }
    }
  }

  /** Sends at the frame rate, each frame on its due time (no catching up in bursts). */
  private long feed(PipelineProbe probe, Frame template, double seconds, long firstSequence)
      throws InterruptedException {
    long frames = Math.round(seconds * settings.fps());
    long start = System.nanoTime();
    for (long i = 0; i < frames; i++) {
      long wait = start + (long) (i * 1e9 / settings.fps()) - System.nanoTime();
      if (wait > 0) {
        TimeUnit.NANOSECONDS.sleep(wait);
      }
      probe.send(Frame.newBuilder(template).setFrameId(UUID.randomUUID().toString())
          .setFeedId(FEED).setSequence(firstSequence + i).setCaptureTime(Instant.now()).build());
    }
    return frames;
  }

  /** Waits until every frame sent is answered or reported dropped, or the grace has passed. */
  private static void awaitAnswers(PipelineProbe probe) throws InterruptedException {
    long deadline = System.nanoTime() + GRACE_NANOS;
    while (probe.inFlight() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    probe.completions().drainPermits();
  }
}
