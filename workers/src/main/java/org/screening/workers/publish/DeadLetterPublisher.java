package org.screening.workers.publish;

import io.vertx.core.Future;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.screening.schemas.AvroCodec;
import org.screening.schemas.DeadLetterHeaders;
import org.screening.schemas.DeadLetterReason;
import org.screening.schemas.MessageDecodingException;
import org.screening.schemas.v1.Frame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Produces dead letters: the consumed record's key, value and headers untouched (the value may
 * be undecodable, so it is never re-encoded), plus the {@link DeadLetterHeaders}. A record
 * dead-lettered before keeps only the new diagnosis.
 *
 * <p>A dead letter the topic refuses as too large (frames may reach 16 MB; a topic left at the
 * broker's 1 MB default refuses them) is stored as a stub instead, so that the frame still ends
 * and its partition commits on: the diagnosis headers with {@link
 * DeadLetterHeaders#ORIGINAL_SIZE}, and as value the frame without its pixels (at most {@link
 * #MAX_STUB_BYTES}), or nothing when the original is not a readable frame.
 */
public final class DeadLetterPublisher {

  private static final Logger LOG = LoggerFactory.getLogger(DeadLetterPublisher.class);

  /** Longest cause kept: enough for a diagnosis; TensorFlow errors can quote tensor values. */
  static final int MAX_CAUSE_CHARS = 300;

  /** Largest stub value: a frame's metadata fits many times over, far below any topic limit. */
  static final int MAX_STUB_BYTES = 16 * 1024;

  private static final Set<String> DIAGNOSIS = Set.of(DeadLetterHeaders.REASON,
      DeadLetterHeaders.CAUSE, DeadLetterHeaders.TOPIC, DeadLetterHeaders.PARTITION,
      DeadLetterHeaders.OFFSET, DeadLetterHeaders.ORIGINAL_SIZE);

  private final RecordSender sender;
  private final String topic;

  public DeadLetterPublisher(RecordSender sender, String topic) {
    this.sender = sender;
    this.topic = topic;
  }

  /**
   * Completes when the broker has acknowledged the dead letter, or its stub; fails only when
   * neither can be stored.
   */
  public Future<Void> publish(ConsumerRecord<byte[], byte[]> original, DeadLetterReason reason,
      String cause) {
    RecordHeaders headers = new RecordHeaders();
    for (Header header : original.headers()) {
      if (!DIAGNOSIS.contains(header.key())) {
        headers.add(header);
      }
    }
    addDiagnosis(headers, original, reason, cause);
    return sender.send(
        new ProducerRecord<>(topic, null, original.key(), original.value(), headers))
        .recover(e -> e instanceof RecordTooLargeException ? stub(original, reason, cause)
            : Future.failedFuture(e));
  }

  private Future<Void> stub(ConsumerRecord<byte[], byte[]> original, DeadLetterReason reason,
      String cause) {
    LOG.warn("Dead letter for {}-{} offset {} is over {}'s size limit; storing a stub without "
        + "its pixels", original.topic(), original.partition(), original.offset(), topic);
    RecordHeaders headers = new RecordHeaders();
    addDiagnosis(headers, original, reason, cause);
    int size = original.value() == null ? 0 : original.value().length;
    headers.add(DeadLetterHeaders.ORIGINAL_SIZE, utf8(String.valueOf(size)));
    return sender.send(
        new ProducerRecord<>(topic, null, original.key(), withoutPixels(original.value()),
            headers));
  }

  /** The frame with empty pixels, if the value is one and that is small; else no bytes. */
  static byte[] withoutPixels(byte[] value) {
    if (value == null) {
      return new byte[0];
    }
    try {
      Frame frame = AvroCodec.frames().decode(value);
      if (frame.getPixels() != null) {
        frame.setPixels(ByteBuffer.allocate(0));
      }
      byte[] stub = AvroCodec.frames().encode(frame);
      return stub.length <= MAX_STUB_BYTES ? stub : new byte[0];
    } catch (MessageDecodingException e) {
      return new byte[0];
    }
  }

  private static void addDiagnosis(RecordHeaders headers, ConsumerRecord<byte[], byte[]> original,
      DeadLetterReason reason, String cause) {
    headers.add(DeadLetterHeaders.REASON, utf8(reason.name()));
    headers.add(DeadLetterHeaders.CAUSE, utf8(cause(cause)));
    headers.add(DeadLetterHeaders.TOPIC, utf8(original.topic()));
    headers.add(DeadLetterHeaders.PARTITION, utf8(String.valueOf(original.partition())));
    headers.add(DeadLetterHeaders.OFFSET, utf8(String.valueOf(original.offset())));
  }

  /**
   * The first line, at most {@link #MAX_CAUSE_CHARS} characters: what may be shown of an error
   * whose later lines can quote tensor values.
   */
  public static String cause(String message) {
    String text = message == null ? "" : message.strip();
    int newline = text.indexOf('\n');
    if (newline >= 0) {
      text = text.substring(0, newline).strip();
    }
    return text.length() <= MAX_CAUSE_CHARS ? text : text.substring(0, MAX_CAUSE_CHARS - 3) + "...";
  }

  private static byte[] utf8(String value) {
    return value.getBytes(StandardCharsets.UTF_8);
  }
}
