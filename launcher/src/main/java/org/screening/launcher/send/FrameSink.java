package org.screening.launcher.send;

import org.screening.schemas.v1.Frame;

/**
 * Where {@code send} puts its frames. {@link #send} blocks while the destination pushes back (a
 * full producer buffer, a 429) and never drops a frame: it returns once the frame is handed over,
 * or throws when the destination refuses it for good.
 */
interface FrameSink extends AutoCloseable {

  void send(Frame frame) throws InterruptedException, SendFailedException;

  /** Waits until every frame handed over is acknowledged; throws if one was refused. */
  void flush() throws InterruptedException, SendFailedException;

  /** Times the sender had to wait for the destination (buffer full, 429), for the summary line. */
  long pushbacks();

  @Override
  void close();
}
