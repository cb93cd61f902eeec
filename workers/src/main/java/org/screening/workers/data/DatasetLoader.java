package org.screening.workers.data;

import java.io.IOException;
import java.nio.file.Path;

/** Reads one published dataset layout and resizes every image to the model input. */
public interface DatasetLoader {

  /**
   * @throws IOException              when a file is missing or unreadable; the message names it
   * @throws IllegalArgumentException when the content contradicts the layout (unknown class code, ...)
   */
  Dataset load(Path root, int height, int width) throws IOException;
}
