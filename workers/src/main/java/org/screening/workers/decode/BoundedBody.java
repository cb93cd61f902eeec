package org.screening.workers.decode;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * An HTTP body of at most {@code maxBytes}: refused on its declared length before a byte is
 * read, and cut off (the exchange cancelled) as soon as it grows past the limit.
 */
final class BoundedBody implements HttpResponse.BodySubscriber<byte[]> {

  /** The body is over the limit. */
  static final class TooLarge extends Exception {
    TooLarge(String message) {
      super(message, null, false, false);
    }
  }

  private final int maxBytes;
  private final OptionalLong declared;
  private final CompletableFuture<byte[]> body = new CompletableFuture<>();
  private final ByteArrayOutputStream received = new ByteArrayOutputStream();
  private Flow.Subscription subscription;

  BoundedBody(int maxBytes, OptionalLong declared) {
    this.maxBytes = maxBytes;
    this.declared = declared;
  }

  @Override
  public CompletionStage<byte[]> getBody() {
    return body;
  }

  @Override
  public void onSubscribe(Flow.Subscription subscription) {
    this.subscription = subscription;
    if (declared.isPresent() && declared.getAsLong() > maxBytes) {
      refuse("https pixels_ref declares " + declared.getAsLong() + " bytes");
      return;
    }
    subscription.request(Long.MAX_VALUE);
  }

  @Override
  public void onNext(List<ByteBuffer> buffers) {
    if (body.isDone()) {
      return;
    }
    for (ByteBuffer buffer : buffers) {
      if (received.size() + buffer.remaining() > maxBytes) {
        refuse("https pixels_ref sent more than the limit");
        return;
      }
      byte[] chunk = new byte[buffer.remaining()];
      buffer.get(chunk);
      received.writeBytes(chunk);
    }
  }

  @Override
  public void onError(Throwable error) {
    body.completeExceptionally(error);
  }

  @Override
  public void onComplete() {
    body.complete(received.toByteArray());
  }

  private void refuse(String message) {
    subscription.cancel();
    body.completeExceptionally(new TooLarge(message));
  }
}
