package org.screening.workers.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/** Decodes many files on all cores while keeping the result in input order, so loading stays deterministic. */
final class InOrder {

  @FunctionalInterface
  interface IoFunction<T, R> {
    R apply(T input) throws IOException;
  }

  private InOrder() {
  }

  static <T, R> List<R> map(List<T> inputs, IoFunction<T, R> function) throws IOException {
    try {
      return inputs.parallelStream().map(input -> {
        try {
          return function.apply(input);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }).toList();
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }
}
