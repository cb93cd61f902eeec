package org.screening.launcher.support;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Copies everything written to System.out and System.err (slf4j-simple writes there) while
 * open, still passing it through to the console.
 */
public final class CapturedOutput implements AutoCloseable {

  private final PrintStream out = System.out;
  private final PrintStream err = System.err;
  private final ByteArrayOutputStream copy = new ByteArrayOutputStream();

  private CapturedOutput() {
    System.setOut(tee(out));
    System.setErr(tee(err));
  }

  public static CapturedOutput start() {
    return new CapturedOutput();
  }

  public String text() {
    synchronized (copy) {
      return copy.toString(StandardCharsets.UTF_8);
    }
  }

  @Override
  public void close() {
    System.setOut(out);
    System.setErr(err);
  }

  private PrintStream tee(PrintStream console) {
    return new PrintStream(new OutputStream() {
      @Override
      public void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] bytes, int offset, int length) {
        synchronized (copy) {
          copy.write(bytes, offset, length);
        }
        console.write(bytes, offset, length);
      }
    }, true, StandardCharsets.UTF_8);
  }
}
