package org.screening.gateway.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * One HTTP/1.1 connection on a plain socket, for clients no well-behaved library would be: one
 * that stops half way through its headers, stalls inside its body, or drops the connection.
 */
public final class RawHttp implements AutoCloseable {

  /** How long a read may wait before the test gives up on the server. */
  private static final int READ_TIMEOUT_MS = 30_000;

  private final Socket socket;

  public RawHttp(int port) throws IOException {
    socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(READ_TIMEOUT_MS);
  }

  public RawHttp send(String text) throws IOException {
    return send(text.getBytes(StandardCharsets.ISO_8859_1));
  }

  public RawHttp send(byte[] bytes) throws IOException {
    socket.getOutputStream().write(bytes);
    socket.getOutputStream().flush();
    return this;
  }

  /**
   * Everything the server sends until it closes the connection; an AssertionError if it is
   * still open after the read timeout.
   */
  public String readUntilClosed() throws IOException {
    ByteArrayOutputStream received = new ByteArrayOutputStream();
    InputStream in = socket.getInputStream();
    byte[] buffer = new byte[4096];
    try {
      for (int n; (n = in.read(buffer)) >= 0; ) {
        received.write(buffer, 0, n);
      }
    } catch (SocketTimeoutException e) {
      throw new AssertionError("the server kept the connection open for " + READ_TIMEOUT_MS
          + " ms; received: " + received.toString(StandardCharsets.ISO_8859_1));
    } catch (IOException reset) {
      // A reset is the server closing too.
    }
    return received.toString(StandardCharsets.ISO_8859_1);
  }

  /** Reads up to the end of a response head, which must arrive before the read timeout. */
  public String readHead() throws IOException {
    StringBuilder head = new StringBuilder();
    InputStream in = socket.getInputStream();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new AssertionError("connection closed inside the response head: " + head);
      }
      head.append((char) b);
    }
    return head.toString();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
