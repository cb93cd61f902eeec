package org.screening.workers.publish;

import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.screening.schemas.AvroCodec;
import org.screening.schemas.v1.Result;

/** Produces results, keyed by feed id so a feed's results share a partition. */
public final class ResultPublisher {

  private final RecordSender sender;
  private final String topic;

  public ResultPublisher(RecordSender sender, String topic) {
    this.sender = sender;
    this.topic = topic;
  }

  /** Completes when the broker has acknowledged the result. */
  public Future<Void> publish(Result result) {
    return sender.send(new ProducerRecord<>(topic,
        result.getFeedId().getBytes(StandardCharsets.UTF_8), AvroCodec.results().encode(result)));
  }
}
