package org.screening.workers.config;

import static org.screening.workers.config.ConfigKey.Type.BOOLEAN;
import static org.screening.workers.config.ConfigKey.Type.DOUBLE;
import static org.screening.workers.config.ConfigKey.Type.INT;
import static org.screening.workers.config.ConfigKey.Type.INT_LIST;
import static org.screening.workers.config.ConfigKey.Type.LONG;
import static org.screening.workers.config.ConfigKey.Type.STRING;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.GroupProtocol;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.screening.schemas.Topics;
import org.screening.schemas.v1.Modality;
import org.screening.schemas.v1.Task;

/**
 * The worker role's configuration: one JSON file (nested or dotted keys, see {@link ConfigFiles})
 * whose every key can be overridden by an environment variable ({@link EnvironmentVariables}
 * gives the rule), on top of defaults that run on one laptop against a local broker. Keys are
 * the constants below, each with its {@code _DOC}, as in Kafka's config classes; {@link
 * #describe()} lists them with their defaults. Immutable; invalid values fail construction.
 *
 * <p>Models are declared under {@code models.<id>.}: {@value #MODEL_DIR} (required), the
 * micro-batcher knobs, the {@value #MODEL_REVIEW_THRESHOLD} of its results, how their
 * {@value #MODEL_UNCERTAINTY} is estimated, and whether it may be served untrained
 * ({@value #MODEL_ALLOW_UNTRAINED}). Without any
 * {@code models.} key the worker serves {@code models/medic-cls/1} and {@code
 * models/medic-seg/1}. The id is only a handle for these keys:
 * the model's name and version come from its {@code model.json}.
 *
 * <p>Routes choose the model per frame: {@code routing.<task>.<MODALITY>} (e.g. {@code
 * routing.segment.ENDOSCOPY_FRAME=hybrid-seg:2}) for one modality, {@value #ROUTING_CLASSIFY}
 * and {@value #ROUTING_SEGMENT} as each task's default route; a frame's {@code model_override}
 * wins for the task its model serves.
 */
public final class WorkerConfig {

  public static final String WORKER_ID = "worker.id";
  public static final String WORKER_ID_DOC = "Id of this worker, written into every result and "
      + "used as the Kafka client id. Empty: host name and process id.";

  public static final String STATUS_INTERVAL_MS = "worker.statusIntervalMs";
  public static final String STATUS_INTERVAL_MS_DOC =
      "How often 'screening worker' prints its one-line status, in milliseconds.";

  public static final String DRAIN_TIMEOUT_MS = "worker.drainTimeoutMs";
  public static final String DRAIN_TIMEOUT_MS_DOC = "On shutdown, how long to wait for frames "
      + "already consumed to be finished and committed before closing anyway, in milliseconds.";

  public static final String HTTP_HOST = "http.host";
  public static final String HTTP_HOST_DOC = "Address the health and metrics server listens on.";

  public static final String HTTP_PORT = "http.port";
  public static final String HTTP_PORT_DOC = "Port of /health/live, /health/ready, "
      + "/health/startup and /metrics; 0: any free port (the start line names it).";

  public static final String HEALTH_STUCK_FRAME_MS = "health.stuckFrameMs";
  public static final String HEALTH_STUCK_FRAME_MS_DOC = "A partition whose oldest unfinished "
      + "frame was consumed longer ago than this, in milliseconds, makes the worker unready: "
      + "its offsets cannot advance. Keep it above the longest legitimate queue wait.";

  public static final String KAFKA_BOOTSTRAP_SERVERS = "kafka.bootstrap.servers";
  public static final String KAFKA_BOOTSTRAP_SERVERS_DOC = "Kafka brokers, host:port,...";

  public static final String KAFKA_GROUP_ID = "kafka.group.id";
  public static final String KAFKA_GROUP_ID_DOC =
      "Consumer group of the workers; every worker of one deployment uses the same.";

  public static final String KAFKA_POLL_TIMEOUT_MS = "kafka.pollTimeoutMs";
  public static final String KAFKA_POLL_TIMEOUT_MS_DOC = "Longest a poll waits for frames; "
      + "pause, resume and commit requests queue behind it, so keep it short.";

  public static final String KAFKA_COMMIT_INTERVAL_MS = "kafka.commitIntervalMs";
  public static final String KAFKA_COMMIT_INTERVAL_MS_DOC = "How often offsets of finished "
      + "frames are committed, in milliseconds; a crash redelivers at most this much more.";

  public static final String KAFKA_CONSUMER_PREFIX = "kafka.consumer.";
  public static final String KAFKA_CONSUMER_PREFIX_DOC = "Kafka consumer properties, passed "
      + "through (e.g. kafka.consumer.max.poll.records); enable.auto.commit stays false.";

  public static final String KAFKA_PRODUCER_PREFIX = "kafka.producer.";
  public static final String KAFKA_PRODUCER_PREFIX_DOC = "Kafka producer properties, passed "
      + "through (e.g. kafka.producer.linger.ms); acks stays all and idempotence on.";

  public static final String KAFKA_CLIENT_PREFIX = "kafka.client.";
  public static final String KAFKA_CLIENT_PREFIX_DOC = "Kafka properties for both clients "
      + "(e.g. kafka.client.security.protocol); the consumer./producer. ones win.";

  public static final String TOPIC_FRAMES = "topics.frames";
  public static final String TOPIC_FRAMES_DOC = "Topic the frames are consumed from.";

  public static final String TOPIC_RESULTS = "topics.results";
  public static final String TOPIC_RESULTS_DOC = "Topic the results are produced to.";

  public static final String TOPIC_DEAD_LETTERS = "topics.deadLetters";
  public static final String TOPIC_DEAD_LETTERS_DOC =
      "Topic that receives the original bytes of frames that cannot be screened.";

  public static final String DECODE_THREADS = "decode.threads";
  public static final String DECODE_THREADS_DOC = "Threads that decode and preprocess images, "
      + "and build results from the models' outputs (masks resized to frame size, PNGs).";

  public static final String DECODE_MAX_BYTES = "decode.maxBytes";
  public static final String DECODE_MAX_BYTES_DOC = "Largest encoded image accepted, in bytes.";

  public static final String DECODE_MAX_WIDTH = "decode.maxWidth";
  public static final String DECODE_MAX_WIDTH_DOC = "Widest image accepted, in pixels.";

  public static final String DECODE_MAX_HEIGHT = "decode.maxHeight";
  public static final String DECODE_MAX_HEIGHT_DOC = "Tallest image accepted, in pixels.";

  public static final String DECODE_MAX_PIXELS = "decode.maxPixels";
  public static final String DECODE_MAX_PIXELS_DOC = "Largest width x height accepted; checked "
      + "against the PNG/JPEG header before any pixel memory is allocated.";

  public static final String DECODE_MAX_CHANNELS = "decode.maxChannels";
  public static final String DECODE_MAX_CHANNELS_DOC =
      "Most samples per pixel accepted (1 grey, 3 RGB, 4 RGBA); at most 4.";

  public static final String REF_FILE_ROOTS = "pixelsRef.fileRoots";
  public static final String REF_FILE_ROOTS_DOC = "Comma-separated directories under which "
      + "frames' file:// pixels_ref may point (symbolic links included, resolved); empty: "
      + "file references are refused (REF_NOT_ALLOWED).";

  public static final String REF_HTTPS_HOSTS = "pixelsRef.httpsHosts";
  public static final String REF_HTTPS_HOSTS_DOC = "Comma-separated host or host:port (443 if "
      + "none) that frames' https:// pixels_ref may name; redirects are not followed; empty: "
      + "https references are refused (REF_NOT_ALLOWED).";

  public static final String REF_MAX_BYTES = "pixelsRef.maxBytes";
  public static final String REF_MAX_BYTES_DOC = "Most bytes read from one pixels_ref "
      + "(REF_TOO_LARGE beyond); decode.maxBytes still applies to what was read.";

  public static final String REF_TIMEOUT_MS = "pixelsRef.timeoutMs";
  public static final String REF_TIMEOUT_MS_DOC = "Longest an https:// pixels_ref may take, "
      + "connection and whole body, in milliseconds (REF_UNREACHABLE beyond). The read holds "
      + "one decode thread meanwhile.";

  public static final String REF_TRUSTED_CERTIFICATES = "pixelsRef.trustedCertificates";
  public static final String REF_TRUSTED_CERTIFICATES_DOC = "PEM file of the certificates "
      + "https:// pixels_ref servers are trusted by, instead of the JVM's; empty: the JVM's.";

  public static final String QUEUE_MAX_SIZE = "queue.maxSize";
  public static final String QUEUE_MAX_SIZE_DOC = "Capacity of each model's batch queue, in "
      + "frames. Must be at least queue.highWater + 2 x max.poll.records: pausing at the "
      + "high-water mark is what keeps the queues inside it, since one poll adds at most "
      + "max.poll.records.";

  public static final String QUEUE_HIGH_WATER = "queue.highWater";
  public static final String QUEUE_HIGH_WATER_DOC = "Frames in memory (consumed and not yet "
      + "finished) at which the worker pauses the partitions it owns; it keeps polling.";

  public static final String QUEUE_LOW_WATER = "queue.lowWater";
  public static final String QUEUE_LOW_WATER_DOC =
      "Frames in memory at or below which paused partitions resume.";

  public static final String ROUTING_CLASSIFY = "routing.classify";
  public static final String ROUTING_CLASSIFY_DOC = "Default route of CLASSIFY: the model, as "
      + "name (its highest loaded version) or name:version, that classifies a frame whose "
      + "modality has no routing.classify.<MODALITY> and that names no model_override; empty: "
      + "none (such frames are dead letters, NO_ROUTE).";

  public static final String ROUTING_SEGMENT = "routing.segment";
  public static final String ROUTING_SEGMENT_DOC = "Default route of SEGMENT, as "
      + ROUTING_CLASSIFY + " is of CLASSIFY.";

  public static final String ROUTING_MODALITY_DOC = "Route of one task for frames of one "
      + "modality (PATHOLOGY_TILE, ENDOSCOPY_FRAME, MICROSCOPY_FIELD, RADIOLOGY_SLICE, OTHER): "
      + "name or name:version of the model that answers it, instead of the task's default route; "
      + "empty: that modality has no route for the task (NO_ROUTE), whatever the default. Unset: "
      + "the default route. A model_override serving the task still wins.";

  public static final String TF_DEVICE = "tensorflow.device";
  public static final String TF_DEVICE_DOC = "Where sessions run: /CPU:0, or /GPU:n (needs the "
      + "-Pgpu build, CUDA 12 and cuDNN 9; ops without a GPU kernel stay on the CPU).";

  public static final String TF_GPU_MEMORY_GROWTH = "tensorflow.gpuMemoryGrowth";
  public static final String TF_GPU_MEMORY_GROWTH_DOC = "Allocate GPU memory as needed instead "
      + "of claiming the whole device at start.";

  public static final String TF_INTRA_OP_THREADS = "tensorflow.intraOpThreads";
  public static final String TF_INTRA_OP_THREADS_DOC =
      "Threads one op may use; 0: TensorFlow's choice (the core count).";

  public static final String TF_INTER_OP_THREADS = "tensorflow.interOpThreads";
  public static final String TF_INTER_OP_THREADS_DOC =
      "Ops run side by side; 0: TensorFlow's choice.";

  public static final String FAULT_INFERENCE_DELAY_MS = "faults.inferenceDelayMs";
  public static final String FAULT_INFERENCE_DELAY_MS_DOC = "Fault injection, for chaos tests "
      + "only: every Session.run waits this long first, making a slow worker whose queue fills "
      + "(screening chaos --scenario slow-worker). 0 in production.";

  public static final String MODELS_PREFIX = "models.";

  public static final String MODEL_DIR = "dir";
  public static final String MODEL_DIR_DOC = "SavedModel folder exported by 'screening train'.";

  public static final String MODEL_MAX_BATCH_SIZE = "maxBatchSize";
  public static final String MODEL_MAX_BATCH_SIZE_DOC = "Most frames in one Session.run.";

  public static final String MODEL_MAX_QUEUE_DELAY_MICROS = "maxQueueDelayMicros";
  public static final String MODEL_MAX_QUEUE_DELAY_MICROS_DOC = "Longest the oldest queued "
      + "frame waits for a fuller batch, in microseconds (timers have millisecond resolution).";

  public static final String MODEL_PREFERRED_BATCH_SIZES = "preferredBatchSizes";
  public static final String MODEL_PREFERRED_BATCH_SIZES_DOC = "Batch sizes dispatched as soon "
      + "as that many frames are queued (largest first), e.g. 4,8; empty: wait for "
      + "maxBatchSize or the delay.";

  public static final String MODEL_REVIEW_THRESHOLD = "reviewThreshold";
  public static final String MODEL_REVIEW_THRESHOLD_DOC = "A result of this model whose "
      + "uncertainty (0 certain to 1 no idea: normalised entropy of the class probabilities, or "
      + "mean per-pixel entropy of the mask) is above this sets needs_review, 0 to 1; 1: never.";

  public static final String MODEL_UNCERTAINTY = "uncertainty";
  public static final String MODEL_UNCERTAINTY_DOC = "How this model's results estimate their "
      + "uncertainty: entropy (of the one prediction on the frame) or flips (test-time "
      + "augmentation: the batch and its left-right and upside-down flips run as one batch three "
      + "times the size in the same Session.run; uncertainty is the entropy of the mean of the "
      + "three predictions, so it rises where they disagree; 1.5 to 1.9x the inference time of "
      + "the shipped classifier, 3.3 to 4.3x of the segmenter on CPU, see the README). The "
      + "label and the mask stay those of the frame as it is. No MC-dropout: the exported graphs "
      + "hold no dropout.";

  public static final String MODEL_ALLOW_UNTRAINED = "allowUntrained";
  public static final String MODEL_ALLOW_UNTRAINED_DOC = "Serve the model even though its card "
      + "says it was never trained (training.trained false: 'screening train --epochs 0', random "
      + "weights). For benchmarks; false refuses to start with it.";

  private static final List<ConfigKey> WORKER_KEYS = List.of(
      new ConfigKey(WORKER_ID, STRING, "", WORKER_ID_DOC),
      new ConfigKey(STATUS_INTERVAL_MS, LONG, "5000", STATUS_INTERVAL_MS_DOC),
      new ConfigKey(DRAIN_TIMEOUT_MS, LONG, "15000", DRAIN_TIMEOUT_MS_DOC),
      new ConfigKey(HTTP_HOST, STRING, "0.0.0.0", HTTP_HOST_DOC),
      new ConfigKey(HTTP_PORT, INT, "8081", HTTP_PORT_DOC),
      new ConfigKey(HEALTH_STUCK_FRAME_MS, LONG, "120000", HEALTH_STUCK_FRAME_MS_DOC),
      new ConfigKey(KAFKA_BOOTSTRAP_SERVERS, STRING, "localhost:9092", KAFKA_BOOTSTRAP_SERVERS_DOC),
      new ConfigKey(KAFKA_GROUP_ID, STRING, "screening-workers", KAFKA_GROUP_ID_DOC),
      new ConfigKey(KAFKA_POLL_TIMEOUT_MS, LONG, "100", KAFKA_POLL_TIMEOUT_MS_DOC),
      new ConfigKey(KAFKA_COMMIT_INTERVAL_MS, LONG, "500", KAFKA_COMMIT_INTERVAL_MS_DOC),
      new ConfigKey(TOPIC_FRAMES, STRING, Topics.FRAMES, TOPIC_FRAMES_DOC),
      new ConfigKey(TOPIC_RESULTS, STRING, Topics.RESULTS, TOPIC_RESULTS_DOC),
      new ConfigKey(TOPIC_DEAD_LETTERS, STRING, Topics.FRAMES_DLQ, TOPIC_DEAD_LETTERS_DOC),
      new ConfigKey(DECODE_THREADS, INT, "2", DECODE_THREADS_DOC),
      new ConfigKey(DECODE_MAX_BYTES, INT, "16777216", DECODE_MAX_BYTES_DOC),
      new ConfigKey(DECODE_MAX_WIDTH, INT, "8192", DECODE_MAX_WIDTH_DOC),
      new ConfigKey(DECODE_MAX_HEIGHT, INT, "8192", DECODE_MAX_HEIGHT_DOC),
      new ConfigKey(DECODE_MAX_PIXELS, LONG, "16777216", DECODE_MAX_PIXELS_DOC),
      new ConfigKey(DECODE_MAX_CHANNELS, INT, "4", DECODE_MAX_CHANNELS_DOC),
      new ConfigKey(REF_FILE_ROOTS, STRING, "", REF_FILE_ROOTS_DOC),
      new ConfigKey(REF_HTTPS_HOSTS, STRING, "", REF_HTTPS_HOSTS_DOC),
      new ConfigKey(REF_MAX_BYTES, INT, "16777216", REF_MAX_BYTES_DOC),
      new ConfigKey(REF_TIMEOUT_MS, LONG, "10000", REF_TIMEOUT_MS_DOC),
      new ConfigKey(REF_TRUSTED_CERTIFICATES, STRING, "", REF_TRUSTED_CERTIFICATES_DOC),
      new ConfigKey(QUEUE_MAX_SIZE, INT, "256", QUEUE_MAX_SIZE_DOC),
      new ConfigKey(QUEUE_HIGH_WATER, INT, "128", QUEUE_HIGH_WATER_DOC),
      new ConfigKey(QUEUE_LOW_WATER, INT, "32", QUEUE_LOW_WATER_DOC),
      new ConfigKey(ROUTING_CLASSIFY, STRING, "medic-cls", ROUTING_CLASSIFY_DOC),
      new ConfigKey(ROUTING_SEGMENT, STRING, "medic-seg", ROUTING_SEGMENT_DOC),
      new ConfigKey(TF_DEVICE, STRING, "/CPU:0", TF_DEVICE_DOC),
      new ConfigKey(TF_GPU_MEMORY_GROWTH, BOOLEAN, "true", TF_GPU_MEMORY_GROWTH_DOC),
      new ConfigKey(TF_INTRA_OP_THREADS, INT, "0", TF_INTRA_OP_THREADS_DOC),
      new ConfigKey(TF_INTER_OP_THREADS, INT, "0", TF_INTER_OP_THREADS_DOC),
      new ConfigKey(FAULT_INFERENCE_DELAY_MS, LONG, "0", FAULT_INFERENCE_DELAY_MS_DOC));

  /** Per-model keys, named relative to {@code models.<id>.}. */
  private static final List<ConfigKey> MODEL_KEYS = List.of(
      new ConfigKey(MODEL_DIR, STRING, null, MODEL_DIR_DOC),
      new ConfigKey(MODEL_MAX_BATCH_SIZE, INT, "8", MODEL_MAX_BATCH_SIZE_DOC),
      new ConfigKey(MODEL_MAX_QUEUE_DELAY_MICROS, LONG, "2000", MODEL_MAX_QUEUE_DELAY_MICROS_DOC),
      new ConfigKey(MODEL_PREFERRED_BATCH_SIZES, INT_LIST, "", MODEL_PREFERRED_BATCH_SIZES_DOC),
      new ConfigKey(MODEL_REVIEW_THRESHOLD, DOUBLE, "0.5", MODEL_REVIEW_THRESHOLD_DOC),
      new ConfigKey(MODEL_UNCERTAINTY, STRING, UncertaintyMethod.ENTROPY.configName(),
          MODEL_UNCERTAINTY_DOC),
      new ConfigKey(MODEL_ALLOW_UNTRAINED, BOOLEAN, "false", MODEL_ALLOW_UNTRAINED_DOC));

  private static final List<String> PASS_THROUGH =
      List.of(KAFKA_CONSUMER_PREFIX, KAFKA_PRODUCER_PREFIX, KAFKA_CLIENT_PREFIX);

  private static final Map<String, String> DEFAULT_MODELS = Map.of(
      modelKey("medic-cls", MODEL_DIR), "models/medic-cls/1",
      modelKey("medic-seg", MODEL_DIR), "models/medic-seg/1");

  /** {@code routing.<task>.<MODALITY>} for every task and modality: set only when given. */
  private static final Set<String> ROUTE_KEYS = routeKeys();

  private static final Pattern ROUTE = Pattern.compile("[^:\\s]+(:[^:\\s]+)?");

  private static final Pattern DEVICE = Pattern.compile("/(CPU:0|GPU:\\d+)");

  private final Map<String, String> values;
  private final Map<String, Object> parsed = new HashMap<>();
  private final Set<String> modelIds = new TreeSet<>();
  private final String workerId;

  private WorkerConfig(Map<String, String> given) {
    Map<String, String> all = new LinkedHashMap<>(given);
    if (given.keySet().stream().noneMatch(k -> k.startsWith(MODELS_PREFIX))) {
      all.putAll(DEFAULT_MODELS);
    }
    for (String key : all.keySet()) {
      if (!isWorkerKey(key) && !isPassThrough(key) && modelKeyOf(key) == null
          && !ROUTE_KEYS.contains(key)) {
        throw new ConfigException("Unknown worker config key '" + key
            + "' ('screening worker --describe-config' lists them)");
      }
    }
    for (String key : all.keySet()) {
      String[] model = modelKeyOf(key);
      if (model != null) {
        modelIds.add(model[0]);
      }
    }
    for (ConfigKey key : keys()) {
      String value = all.get(key.name());
      if (value == null) {
        if (key.defaultValue() == null) {
          throw new ConfigException("Missing required worker config key " + key.name()
              + " (or " + EnvironmentVariables.nameOf(key.name()) + ")");
        }
        value = key.defaultValue();
        all.put(key.name(), value);
      }
      parsed.put(key.name(), key.type().parse(key.name(), value));
    }
    this.values = Map.copyOf(all);
    this.workerId = getString(WORKER_ID).isBlank() ? hostAndPid() : getString(WORKER_ID);
    validate();
  }

  /** The defaults: a local broker, the shipped models, laptop-sized queues. */
  public static WorkerConfig defaults() {
    return of(Map.of());
  }

  /** Defaults overridden by {@code values} (key to value; values are turned into strings). */
  public static WorkerConfig of(Map<String, ?> values) {
    Map<String, String> strings = new LinkedHashMap<>();
    values.forEach((k, v) -> strings.put(k, String.valueOf(v)));
    return new WorkerConfig(strings);
  }

  /** Defaults, then {@code file}, then the {@code SCREENING_WORKER_*} variables of {@code env}. */
  public static WorkerConfig load(Path file, Map<String, String> env) {
    return withEnvironment(ConfigFiles.read(file), env);
  }

  /** Defaults, then the {@code SCREENING_WORKER_*} variables of {@code env}. */
  public static WorkerConfig fromEnvironment(Map<String, String> env) {
    return withEnvironment(Map.of(), env);
  }

  private static WorkerConfig withEnvironment(Map<String, String> file, Map<String, String> env) {
    // The model ids an environment may tune are those the file declares (or the defaults).
    WorkerConfig base = new WorkerConfig(file);
    return new WorkerConfig(
        EnvironmentVariables.apply(base.values, base.knownKeyNames(), PASS_THROUGH, env));
  }

  /** A copy with one key set. */
  public WorkerConfig with(String key, Object value) {
    Map<String, String> copy = new LinkedHashMap<>(values);
    copy.put(key, String.valueOf(value));
    return new WorkerConfig(copy);
  }

  /** Every documented key with its default, model keys as {@code models.<id>.<key>}. */
  public static List<ConfigKey> describe() {
    List<ConfigKey> out = new ArrayList<>(WORKER_KEYS);
    for (ConfigKey key : MODEL_KEYS) {
      out.add(new ConfigKey(modelKey("<id>", key.name()), key.type(), key.defaultValue(),
          key.doc()));
    }
    for (Task task : Task.values()) {
      out.add(new ConfigKey(defaultRouteKey(task) + ".<MODALITY>", STRING,
          "(" + defaultRouteKey(task) + ")", ROUTING_MODALITY_DOC));
    }
    out.add(new ConfigKey(KAFKA_CONSUMER_PREFIX + "*", STRING, "", KAFKA_CONSUMER_PREFIX_DOC));
    out.add(new ConfigKey(KAFKA_PRODUCER_PREFIX + "*", STRING, "", KAFKA_PRODUCER_PREFIX_DOC));
    out.add(new ConfigKey(KAFKA_CLIENT_PREFIX + "*", STRING, "", KAFKA_CLIENT_PREFIX_DOC));
    return out;
  }

  /** The full name of a per-model key, e.g. {@code models.medic-cls.maxBatchSize}. */
  public static String modelKey(String modelId, String key) {
    return MODELS_PREFIX + modelId + "." + key;
  }

  public String getString(String key) {
    return (String) typed(key);
  }

  public int getInt(String key) {
    return (Integer) typed(key);
  }

  public long getLong(String key) {
    return (Long) typed(key);
  }

  public double getDouble(String key) {
    return (Double) typed(key);
  }

  public boolean getBoolean(String key) {
    return (Boolean) typed(key);
  }

  /** {@value #MODEL_UNCERTAINTY} of model {@code id}. */
  public UncertaintyMethod uncertaintyMethod(String id) {
    String key = modelKey(id, MODEL_UNCERTAINTY);
    return UncertaintyMethod.parse(key, getString(key));
  }

  @SuppressWarnings("unchecked")
  public List<Integer> getIntList(String key) {
    return (List<Integer>) typed(key);
  }

  /**
   * The per-modality route key of {@code task}, e.g. {@code routing.classify.ENDOSCOPY_FRAME};
   * {@link #ROUTING_CLASSIFY} and {@link #ROUTING_SEGMENT} are the tasks' default routes.
   */
  public static String routeKey(Task task, Modality modality) {
    return defaultRouteKey(task) + "." + modality.name();
  }

  /** {@link #ROUTING_CLASSIFY} or {@link #ROUTING_SEGMENT}. */
  public static String defaultRouteKey(Task task) {
    return switch (task) {
      case CLASSIFY -> ROUTING_CLASSIFY;
      case SEGMENT -> ROUTING_SEGMENT;
    };
  }

  /**
   * The per-modality routes of {@code task} that are set, stripped; an empty value means the
   * modality has no route for the task.
   */
  public Map<Modality, String> modalityRoutes(Task task) {
    Map<Modality, String> out = new EnumMap<>(Modality.class);
    for (Modality modality : Modality.values()) {
      String value = values.get(routeKey(task, modality));
      if (value != null) {
        out.put(modality, value.strip());
      }
    }
    return out;
  }

  /** The ids of the declared models, sorted. */
  public Set<String> modelIds() {
    return Set.copyOf(modelIds);
  }

  /** {@value #WORKER_ID}, or host name and process id when it is empty. */
  public String workerId() {
    return workerId;
  }

  /**
   * Properties for the frames consumer: pass-through, then what at-least-once requires. Under
   * the classic group protocol the assignor defaults to cooperative-sticky.
   */
  public Map<String, Object> consumerProperties() {
    Map<String, Object> p = new HashMap<>();
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "32");
    p.putAll(passThrough(KAFKA_CLIENT_PREFIX));
    p.putAll(passThrough(KAFKA_CONSUMER_PREFIX));
    if (GroupProtocol.CLASSIC.name().equalsIgnoreCase(String.valueOf(
        p.getOrDefault(ConsumerConfig.GROUP_PROTOCOL_CONFIG, GroupProtocol.CLASSIC.name())))) {
      // Incremental rebalancing: a worker joining or leaving moves only the partitions that
      // change owner, and the others keep flowing (the default, eager, stops them all).
      p.putIfAbsent(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
          CooperativeStickyAssignor.class.getName());
    }
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, getString(KAFKA_BOOTSTRAP_SERVERS));
    p.put(ConsumerConfig.GROUP_ID_CONFIG, getString(KAFKA_GROUP_ID));
    p.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, workerId());
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    return p;
  }

  /** Properties for the results and dead-letter producer: batching, acks=all, idempotent. */
  public Map<String, Object> producerProperties() {
    Map<String, Object> p = new HashMap<>();
    p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, "65536");
    // A dead letter carries the original frame, up to the broker's message limit, plus headers.
    p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, String.valueOf(17 * 1024 * 1024));
    p.putAll(passThrough(KAFKA_CLIENT_PREFIX));
    p.putAll(passThrough(KAFKA_PRODUCER_PREFIX));
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, getString(KAFKA_BOOTSTRAP_SERVERS));
    p.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, workerId() + "-producer");
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    return p;
  }

  @Override
  public String toString() {
    // Pass-through values may hold credentials (sasl.jaas.config): show their keys only.
    Map<String, String> shown = new TreeMap<>();
    values.forEach((k, v) -> shown.put(k, isPassThrough(k) ? "<set>" : v));
    return "WorkerConfig" + shown;
  }

  private static Set<String> routeKeys() {
    Set<String> keys = new TreeSet<>();
    for (Task task : Task.values()) {
      for (Modality modality : Modality.values()) {
        keys.add(routeKey(task, modality));
      }
    }
    return Set.copyOf(keys);
  }

  private static String hostAndPid() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      host = "localhost";
    }
    return host + "-" + ProcessHandle.current().pid();
  }

  private Object typed(String key) {
    Object value = parsed.get(key);
    if (value == null) {
      throw new IllegalArgumentException("No worker config key " + key);
    }
    return value;
  }

  private List<ConfigKey> keys() {
    List<ConfigKey> out = new ArrayList<>(WORKER_KEYS);
    for (String id : modelIds) {
      for (ConfigKey key : MODEL_KEYS) {
        out.add(new ConfigKey(modelKey(id, key.name()), key.type(), key.defaultValue(), key.doc()));
      }
    }
    return out;
  }

  private List<String> knownKeyNames() {
    List<String> names = new ArrayList<>(keys().stream().map(ConfigKey::name).toList());
    // Every modality's route, so that a variable alone can set one the file does not mention.
    names.addAll(ROUTE_KEYS);
    return names;
  }

  private static boolean isWorkerKey(String key) {
    return WORKER_KEYS.stream().anyMatch(k -> k.name().equals(key));
  }

  private static boolean isPassThrough(String key) {
    return PASS_THROUGH.stream().anyMatch(p -> key.startsWith(p) && key.length() > p.length());
  }

  /** {@code [id, key]} for {@code models.<id>.<key>} with a known key, else null. */
  private static String[] modelKeyOf(String key) {
    if (!key.startsWith(MODELS_PREFIX)) {
      return null;
    }
    int dot = key.lastIndexOf('.');
    String id = key.substring(MODELS_PREFIX.length(), Math.max(dot, MODELS_PREFIX.length()));
    String name = key.substring(dot + 1);
    boolean known = MODEL_KEYS.stream().anyMatch(k -> k.name().equals(name));
    return known && !id.isEmpty() && !id.contains(".") ? new String[] {id, name} : null;
  }

  private Map<String, String> passThrough(String prefix) {
    Map<String, String> out = new HashMap<>();
    values.forEach((k, v) -> {
      if (k.startsWith(prefix)) {
        out.put(k.substring(prefix.length()), v);
      }
    });
    return out;
  }

  private void validate() {
    for (String prefix : PASS_THROUGH) {
      for (String owned : List.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
          ConsumerConfig.GROUP_ID_CONFIG)) {
        if (values.containsKey(prefix + owned)) {
          throw new ConfigException("Set kafka." + owned + " instead of " + prefix + owned);
        }
      }
    }
    String autoCommit = consumerPassThrough(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG);
    if (autoCommit != null && !autoCommit.equalsIgnoreCase("false")) {
      throw new ConfigException("enable.auto.commit must stay false: the worker commits an "
          + "offset only once every frame below it has its results acknowledged");
    }
    String acks = producerPassThrough(ProducerConfig.ACKS_CONFIG);
    if (acks != null && !acks.equals("all") && !acks.equals("-1")) {
      throw new ConfigException("The producer's acks must stay all: an offset is committed on "
          + "the strength of the result's acknowledgement");
    }
    String idempotence = producerPassThrough(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG);
    if (idempotence != null && !idempotence.equalsIgnoreCase("true")) {
      throw new ConfigException("The producer's enable.idempotence must stay true");
    }
    atLeast(DECODE_THREADS, 1);
    atLeast(DECODE_MAX_BYTES, 1);
    atLeast(DECODE_MAX_WIDTH, 1);
    atLeast(DECODE_MAX_HEIGHT, 1);
    atLeast(DECODE_MAX_PIXELS, 1);
    atLeast(DECODE_MAX_CHANNELS, 1);
    if (getInt(DECODE_MAX_CHANNELS) > 4) {
      throw new ConfigException(DECODE_MAX_CHANNELS + " is at most 4 (RGBA)");
    }
    atLeast(REF_MAX_BYTES, 1);
    atLeast(REF_TIMEOUT_MS, 1);
    atLeast(KAFKA_POLL_TIMEOUT_MS, 1);
    atLeast(KAFKA_COMMIT_INTERVAL_MS, 1);
    atLeast(STATUS_INTERVAL_MS, 1);
    atLeast(DRAIN_TIMEOUT_MS, 0);
    atLeast(HTTP_PORT, 0);
    if (getInt(HTTP_PORT) > 65535) {
      throw new ConfigException(HTTP_PORT + " is at most 65535, got " + getInt(HTTP_PORT));
    }
    atLeast(HEALTH_STUCK_FRAME_MS, 1);
    atLeast(QUEUE_LOW_WATER, 0);
    if (getInt(QUEUE_HIGH_WATER) <= getInt(QUEUE_LOW_WATER)) {
      throw new ConfigException(QUEUE_HIGH_WATER + " must be above " + QUEUE_LOW_WATER);
    }
    int maxPollRecords = (Integer) INT.parse("max.poll.records",
        String.valueOf(consumerProperties().get(ConsumerConfig.MAX_POLL_RECORDS_CONFIG)));
    int needed = getInt(QUEUE_HIGH_WATER) + 2 * maxPollRecords;
    if (getInt(QUEUE_MAX_SIZE) < needed) {
      throw new ConfigException(QUEUE_MAX_SIZE + " is " + getInt(QUEUE_MAX_SIZE) + " but must be "
          + "at least " + QUEUE_HIGH_WATER + " + 2 x max.poll.records = " + needed);
    }
    if (!DEVICE.matcher(getString(TF_DEVICE)).matches()) {
      throw new ConfigException(TF_DEVICE + " must be /CPU:0 or /GPU:<n>, got '"
          + getString(TF_DEVICE) + "'");
    }
    for (Task task : Task.values()) {
      String value = getString(defaultRouteKey(task)).strip();
      checkRoute(defaultRouteKey(task), value);
      modalityRoutes(task).forEach((modality, route) -> checkRoute(routeKey(task, modality), route));
    }
    atLeast(TF_INTRA_OP_THREADS, 0);
    atLeast(TF_INTER_OP_THREADS, 0);
    atLeast(FAULT_INFERENCE_DELAY_MS, 0);
    for (String id : modelIds) {
      atLeast(modelKey(id, MODEL_MAX_BATCH_SIZE), 1);
      atLeast(modelKey(id, MODEL_MAX_QUEUE_DELAY_MICROS), 0);
      int max = getInt(modelKey(id, MODEL_MAX_BATCH_SIZE));
      for (int size : getIntList(modelKey(id, MODEL_PREFERRED_BATCH_SIZES))) {
        if (size < 1 || size > max) {
          throw new ConfigException(modelKey(id, MODEL_PREFERRED_BATCH_SIZES)
              + " holds " + size + ", outside 1.." + max + " (" + MODEL_MAX_BATCH_SIZE + ")");
        }
      }
      double threshold = getDouble(modelKey(id, MODEL_REVIEW_THRESHOLD));
      if (threshold < 0 || threshold > 1) {
        throw new ConfigException(modelKey(id, MODEL_REVIEW_THRESHOLD) + " is an uncertainty, "
            + "0 to 1, got " + threshold);
      }
      uncertaintyMethod(id);
    }
  }

  private String consumerPassThrough(String property) {
    return values.getOrDefault(KAFKA_CONSUMER_PREFIX + property,
        values.get(KAFKA_CLIENT_PREFIX + property));
  }

  private String producerPassThrough(String property) {
    return values.getOrDefault(KAFKA_PRODUCER_PREFIX + property,
        values.get(KAFKA_CLIENT_PREFIX + property));
  }

  private static void checkRoute(String key, String route) {
    if (!route.isEmpty() && !ROUTE.matcher(route).matches()) {
      throw new ConfigException(key + " must be a model name or name:version (or empty: no "
          + "route), got '" + route + "'");
    }
  }

  private void atLeast(String key, long min) {
    long value = ((Number) typed(key)).longValue();
    if (value < min) {
      throw new ConfigException(key + " must be at least " + min + ", got " + value);
    }
  }
}
