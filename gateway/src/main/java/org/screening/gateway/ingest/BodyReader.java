package org.screening.gateway.ingest;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerFileUpload;
import io.vertx.core.http.HttpServerRequest;
import java.util.ArrayList;
import java.util.List;
import org.screening.gateway.http.HttpProblem;

/**
 * Reads a submission's images into memory: one image as the whole body, or one image per file
 * part of a {@code multipart/form-data} body. Limits are checked as bytes arrive, so an
 * oversized upload is refused without being held; what is left of a refused body is discarded.
 * Must be called before the request's first byte has been consumed (from a synchronous handler).
 */
final class BodyReader {

  private final IngestLimits limits;

  BodyReader(IngestLimits limits) {
    this.limits = limits;
  }

  Future<List<ImagePart>> read(HttpServerRequest request) {
    String mediaType = MediaTypes.essence(request.getHeader("Content-Type"));
    boolean multipart = MediaTypes.MULTIPART.equals(mediaType);
    if (mediaType == null || !multipart && !MediaTypes.isImage(mediaType)) {
      return Future.failedFuture(HttpProblem.unsupportedMediaType((mediaType == null
          ? "A Content-Type is required" : "That Content-Type is not accepted")
          + ": send image/png, image/jpeg, application/octet-stream (raw u8) or multipart/form-data"));
    }
    long limit = multipart ? limits.bodyBytes() : Math.min(limits.bodyBytes(), limits.partBytes());
    String declared = request.getHeader("Content-Length");
    if (declared != null && declaredLength(declared) > limit) {
      return Future.failedFuture(HttpProblem.payloadTooLarge(
          "The body is " + declared.trim() + " bytes; the limit is " + limit + " bytes"));
    }
    if ("100-continue".equalsIgnoreCase(request.getHeader("Expect"))) {
      request.response().writeContinue();
    }
    return multipart ? readParts(request) : readSingle(request, mediaType, limit);
  }

  private Future<List<ImagePart>> readSingle(HttpServerRequest request, String mediaType, long limit) {
    Promise<List<ImagePart>> promise = Promise.promise();
    Buffer body = Buffer.buffer();
    request.handler(chunk -> {
      if (promise.future().isComplete()) {
        return;
      }
      if (body.length() + chunk.length() > limit) {
        promise.tryFail(tooLarge("body", limit));
        return;
      }
      body.appendBuffer(chunk);
    });
    request.exceptionHandler(promise::tryFail);
    request.endHandler(v -> promise.tryComplete(List.of(new ImagePart(mediaType, body.getBytes()))));
    return promise.future();
  }

  private Future<List<ImagePart>> readParts(HttpServerRequest request) {
    Promise<List<ImagePart>> promise = Promise.promise();
    List<ImagePart> parts = new ArrayList<>();
    request.setExpectMultipart(true);
    // Raw bytes, form fields included: the part handlers below only see file parts.
    request.handler(chunk -> {
      if (request.bytesRead() > limits.bodyBytes()) {
        promise.tryFail(tooLarge("body", limits.bodyBytes()));
      }
    });
    request.uploadHandler(upload -> {
      if (promise.future().isComplete()) {
        upload.handler(ignored -> {});
        return;
      }
      if (parts.size() >= limits.parts()) {
        promise.tryFail(HttpProblem.payloadTooLarge(
            "A request carries at most " + limits.parts() + " images"));
        upload.handler(ignored -> {});
        return;
      }
      readPart(upload, promise, parts);
    });
    request.exceptionHandler(e -> promise.tryFail(
        HttpProblem.badRequest("The multipart body is malformed")));
    request.endHandler(v -> {
      if (parts.isEmpty()) {
        promise.tryFail(HttpProblem.badRequest(
            "The multipart body has no file parts: send each image as a file part"));
      } else if (parts.contains(null)) {
        promise.tryFail(HttpProblem.badRequest("The multipart body ends inside a part"));
      } else {
        promise.tryComplete(parts);
      }
    });
    return promise.future();
  }

  private void readPart(HttpServerFileUpload upload, Promise<List<ImagePart>> promise,
      List<ImagePart> parts) {
    Buffer bytes = Buffer.buffer();
    int index = parts.size();
    parts.add(null); // keeps the part's place: parts end in the order they started
    upload.handler(chunk -> {
      if (promise.future().isComplete()) {
        return;
      }
      if (bytes.length() + chunk.length() > limits.partBytes()) {
        promise.tryFail(tooLarge("image", limits.partBytes()));
      } else {
        bytes.appendBuffer(chunk);
      }
    });
    upload.exceptionHandler(e ->
        promise.tryFail(HttpProblem.badRequest("A multipart part is malformed")));
    // RFC 7578: a file part without a Content-Type is application/octet-stream.
    String mediaType = upload.contentType() == null
        ? MediaTypes.RAW : MediaTypes.essence(upload.contentType());
    upload.endHandler(v -> parts.set(index, new ImagePart(mediaType, bytes.getBytes())));
  }

  private static long declaredLength(String declared) {
    try {
      return Long.parseLong(declared.trim());
    } catch (NumberFormatException e) {
      return 0; // Netty has already refused a malformed Content-Length; count what arrives
    }
  }

  private static HttpProblem tooLarge(String what, long limit) {
    return HttpProblem.payloadTooLarge("The " + what + " is over the limit of " + limit + " bytes");
  }
}
