package org.screening.gateway.support;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** A {@code multipart/form-data} body with one file part per image, as curl -F would send. */
public final class Multipart {

  private final String boundary = "----screening" + UUID.randomUUID().toString().replace("-", "");
  private final ByteArrayOutputStream body = new ByteArrayOutputStream();
  private int parts;

  public Multipart file(String contentType, byte[] bytes) {
    parts++;
    write("--" + boundary + "\r\n"
        + "Content-Disposition: form-data; name=\"frame\"; filename=\"frame-" + parts + "\"\r\n"
        + "Content-Type: " + contentType + "\r\n\r\n");
    body.writeBytes(bytes);
    write("\r\n");
    return this;
  }

  public String contentType() {
    return "multipart/form-data; boundary=" + boundary;
  }

  public byte[] bytes() {
    ByteArrayOutputStream done = new ByteArrayOutputStream();
    done.writeBytes(body.toByteArray());
    done.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
    return done.toByteArray();
  }

  private void write(String text) {
    body.writeBytes(text.getBytes(StandardCharsets.US_ASCII));
  }
}
