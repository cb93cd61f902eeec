package org.screening.workers.publish;

import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.screening.schemas.DeadLetterHeaders;
import org.screening.schemas.DeadLetterReason;

/**
 * Produces dead letters: the consumed record's key, value and headers untouched (the value may
 * be undecodable, so it is never re-encoded), plus the {@link DeadLetterHeaders}. A record
 * dead-lettered before keeps only the new diagnosis.
 */
public final class DeadLetterPublisher {

  /** Longest cause kept: enough for a diagnosis; TensorFlow errors can quote tensor values. */
  static final int MAX_CAUSE_CHARS = 300;

  private static final Set<String> DIAGNOSIS = Set.of(DeadLetterHeaders.REASON,
      DeadLetterHeaders.CAUSE, DeadLetterHeaders.TOPIC, DeadLetterHeaders.PARTITION,
      DeadLetterHeaders.OFFSET);

  private final RecordSender sender;
  private final String topic;

  public DeadLetterPublisher(RecordSender sender, String topic) {
    this.sender = sender;
    this.topic = topic;
  }

  /** Completes when the broker has acknowledged the dead letter. */
  public Future<Void> publish(ConsumerRecord<byte[], byte[]> original, DeadLetterReason reason,
      String cause) {
    RecordHeaders headers = new RecordHeaders();
    for (Header header : original.headers()) {
      if (!DIAGNOSIS.contains(header.key())) {
        headers.add(header);
      }
    }
    headers.add(DeadLetterHeaders.REASON, utf8(reason.name()));
    headers.add(DeadLetterHeaders.CAUSE, utf8(cause(cause)));
    headers.add(DeadLetterHeaders.TOPIC, utf8(original.topic()));
    headers.add(DeadLetterHeaders.PARTITION, utf8(String.valueOf(original.partition())));
    headers.add(DeadLetterHeaders.OFFSET, utf8(String.valueOf(original.offset())));
    return sender.send(
        new ProducerRecord<>(topic, null, original.key(), original.value(), headers));
  }

  /** The first line, at most {@link #MAX_CAUSE_CHARS} characters. */
  static String cause(String message) {
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
