package org.screening.gateway.support;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.screening.schemas.AvroCodec;
import org.screening.schemas.DeadLetterHeaders;
import org.screening.schemas.DeadLetterReason;
import org.screening.schemas.ResultKeys;
import org.screening.schemas.Topics;
import org.screening.schemas.v1.BatchInfo;
import org.screening.schemas.v1.BoundingBox;
import org.screening.schemas.v1.Classification;
import org.screening.schemas.v1.Frame;
import org.screening.schemas.v1.FrameRef;
import org.screening.schemas.v1.ModelRef;
import org.screening.schemas.v1.Result;
import org.screening.schemas.v1.Segmentation;
import org.screening.schemas.v1.Task;
import org.screening.schemas.v1.Timings;

/**
 * A stand-in for the real workers: a plain Kafka consumer and producer on a thread of their own
 * that answer each Frame with one Result per requested task, through the real broker. The feed
 * name steers it: {@code hold-*} frames wait for {@link #release}, {@code dup-*} results are
 * produced twice (a redelivery), {@code stale-*} frames are reported dropped, {@code dlq-*} frames
 * go to the dead-letter topic as a worker sends a frame it cannot read, {@code review-*} results
 * are uncertain ({@link #UNCERTAIN}) and need review. Results name where their frame lies on the
 * frames topic, and masks come at the frame's size, their foreground the frame's middle
 * ({@link Images#middleMask}); so do the heat maps of classifications whose frame asks to explain.
 */
public final class EchoWorker implements AutoCloseable {

  /** The uncertainty of {@code review-*} results; others have {@link #CERTAIN}. */
  public static final float UNCERTAIN = 0.9f;
  public static final float CERTAIN = 0.1f;

  private final KafkaConsumer<String, byte[]> consumer;
  private final KafkaProducer<String, byte[]> producer;
  private final Map<String, Frame> seen = new ConcurrentHashMap<>();
  private final Map<String, List<Map.Entry<Frame, FrameRef>>> held = new ConcurrentHashMap<>();
  private final ConcurrentLinkedQueue<String> releases = new ConcurrentLinkedQueue<>();
  private final Thread thread;
  private volatile boolean running = true;

  public EchoWorker(String bootstrapServers) {
    Properties c = new Properties();
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    c.put(ConsumerConfig.GROUP_ID_CONFIG, "echo-worker");
    c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    c.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "500");
    consumer = new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer());
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    consumer.subscribe(List.of(Topics.FRAMES));
    thread = new Thread(this::run, "echo-worker");
    thread.setDaemon(true);
    thread.start();
  }

  /** Answers the frames held back for {@code feed}. */
  public void release(String feed) {
    releases.add(feed);
  }

  /** The frame as it arrived on Kafka, waiting for it if need be. */
  public Frame frame(String frameId) throws InterruptedException, TimeoutException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (System.nanoTime() < deadline) {
      Frame frame = seen.get(frameId);
      if (frame != null) {
        return frame;
      }
      Thread.sleep(20);
    }
    throw new TimeoutException("frame " + frameId + " never reached the frames topic");
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    thread.join(10_000);
    producer.close();
  }

  private void run() {
    try {
      while (running) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(50))) {
          Frame frame = AvroCodec.frames().decode(record.value());
          seen.put(frame.getFrameId(), frame);
          FrameRef ref = FrameRef.newBuilder().setTopic(record.topic())
              .setPartition(record.partition()).setOffset(record.offset()).build();
          if (frame.getFeedId().startsWith("hold-")) {
            held.computeIfAbsent(frame.getFeedId(), f -> new ArrayList<>())
                .add(Map.entry(frame, ref));
          } else {
            answer(frame, ref);
          }
        }
        for (String feed; (feed = releases.poll()) != null; ) {
          List<Map.Entry<Frame, FrameRef>> frames = held.remove(feed);
          if (frames != null) {
            for (Map.Entry<Frame, FrameRef> frame : frames) {
              answer(frame.getKey(), frame.getValue());
            }
          }
        }
        consumer.commitSync();
      }
    } catch (InterruptedException | ExecutionException e) {
      throw new IllegalStateException("echo worker failed", e);
    } finally {
      consumer.close();
    }
  }

  private void answer(Frame frame, FrameRef ref) throws InterruptedException, ExecutionException {
    if (frame.getFeedId().startsWith("dlq-")) {
      deadLetter(frame);
      return;
    }
    if (frame.getFeedId().startsWith("stale-")) {
      send(result(frame, ref, frame.getTasks().get(0), Map.of("outcome", "dropped_stale")));
      return;
    }
    for (Task task : frame.getTasks()) {
      Result result = result(frame, ref, task, Map.of());
      send(result);
      if (frame.getFeedId().startsWith("dup-")) {
        send(result);
      }
    }
  }

  private void deadLetter(Frame frame) throws InterruptedException, ExecutionException {
    ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.FRAMES_DLQ,
        frame.getFeedId(), AvroCodec.frames().encode(frame));
    record.headers()
        .add(DeadLetterHeaders.REASON, bytes(DeadLetterReason.CORRUPT_IMAGE.name()))
        .add(DeadLetterHeaders.CAUSE, bytes("the echo worker refuses dlq-* feeds"))
        .add(DeadLetterHeaders.TOPIC, bytes(Topics.FRAMES))
        .add(DeadLetterHeaders.PARTITION, bytes("0"))
        .add(DeadLetterHeaders.OFFSET, bytes("0"));
    producer.send(record).get();
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private void send(Result result) throws InterruptedException, ExecutionException {
    producer.send(new ProducerRecord<>(Topics.RESULTS, result.getFeedId(),
        AvroCodec.results().encode(result))).get();
  }

  private static Result result(Frame frame, FrameRef ref, Task task,
      Map<String, String> attributes) {
    boolean review = frame.getFeedId().startsWith("review-");
    int width = frame.getWidth();
    int height = frame.getHeight();
    String model = task == Task.CLASSIFY ? "echo-cls" : "echo-seg";
    return Result.newBuilder()
        .setResultKey(ResultKeys.of(frame.getFrameId(), model, "1"))
        .setFrameId(frame.getFrameId())
        .setTenant(frame.getTenant())
        .setFeedId(frame.getFeedId())
        .setSequence(frame.getSequence())
        .setCaptureTime(frame.getCaptureTime())
        .setTask(task)
        .setModel(ModelRef.newBuilder().setName(model).setVersion("1")
            .setSha256("0".repeat(64)).setOpLibrarySha256(null).build())
        .setClassification(task == Task.CLASSIFY
            ? Classification.newBuilder()
                .setLabels(List.of("benign", "malignant"))
                .setProbabilities(List.of(0.25f, 0.75f))
                .setTop1Label("malignant")
                .setTop1Probability(0.75f)
                .setEntropy(0.562f)
                .setExplanationPng(frame.getExplain()
                    ? ByteBuffer.wrap(Images.middleMask(width, height)) : null)
                .build()
            : null)
        .setSegmentation(task == Task.SEGMENT
            ? Segmentation.newBuilder()
                .setMaskPng(ByteBuffer.wrap(Images.middleMask(width, height)))
                .setWidth(width)
                .setHeight(height)
                .setForegroundFraction(0.25f)
                .setBbox(BoundingBox.newBuilder().setX(width / 4).setY(height / 4)
                    .setWidth(width / 2).setHeight(height / 2).build())
                .build()
            : null)
        .setTimings(Timings.newBuilder().setQueueMs(0).setDecodeMs(0).setInferenceMs(0)
            .setEndToEndMs(0).build())
        .setBatch(BatchInfo.newBuilder().setBatchId("echo").setBatchSize(1).build())
        .setWorkerId("echo-worker")
        .setProducedAt(Instant.ofEpochMilli(System.currentTimeMillis()))
        .setAttributes(attributes)
        .setFrameRef(ref)
        .setUncertainty(review ? UNCERTAIN : CERTAIN)
        .setUncertaintyMethod("entropy")
        .setInvolutionKernelPng(frame.getExplain()
            ? ByteBuffer.wrap(Images.middleMask(width, height)) : null)
        .setNeedsReview(review)
        .build();
  }
}
