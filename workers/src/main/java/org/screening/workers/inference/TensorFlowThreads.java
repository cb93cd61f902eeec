package org.screening.workers.inference;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * Runs TensorFlow set-up on a thread named {@value #NAME}. TensorFlow's thread pools (inter-op,
 * each session's intra-op pool, the involution op's own pool) are native threads that take the
 * name of the thread that creates them, so created from here they show as {@value #NAME} in
 * {@code top -H} and {@code /proc/<pid>/task/<tid>/comm}: that is how an operator, and the
 * pipeline bench, tell the CPU spent inside {@code Session.run} from everything else.
 */
public final class TensorFlowThreads {

  /** The name TensorFlow's native threads inherit. */
  public static final String NAME = "tensorflow";

  private TensorFlowThreads() {}

  /** Set-up work: loading a library or a model. */
  @FunctionalInterface
  public interface Work<T> {
    T run() throws IOException;
  }

  /** {@code work}'s result, computed on a thread named {@value #NAME}; exceptions pass through. */
  public static <T> T call(Work<T> work) throws IOException {
    if (NAME.equals(Thread.currentThread().getName())) {
      return work.run();
    }
    FutureTask<T> task = new FutureTask<>(work::run);
    Thread thread = new Thread(task, NAME);
    thread.start();
    try {
      return task.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("Interrupted while TensorFlow was being set up");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) {
        throw io;
      }
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw (Error) cause;
    }
  }
}
