package org.screening.launcher.send;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * A pyramidal TIFF slide read with TwelveMonkeys' TIFF plugin: one image per level (libvips and
 * most scanners write the pyramid as successive pages, level 0 the largest), regions read tile by
 * tile so that a slide never has to fit in memory.
 */
final class SlideImage implements AutoCloseable {

  static {
    ImageIO.setUseCache(false);
    ImageIO.scanForPlugins();
  }

  private final ImageInputStream input;
  private final ImageReader reader;
  private final int levels;

  private SlideImage(ImageInputStream input, ImageReader reader) throws IOException {
    this.input = input;
    this.reader = reader;
    this.levels = reader.getNumImages(true);
  }

  static SlideImage open(Path file) throws IOException {
    ImageInputStream input = ImageIO.createImageInputStream(file.toFile());
    if (input == null) {
      throw new IOException("cannot open " + file);
    }
    Iterator<ImageReader> readers = ImageIO.getImageReaders(input);
    while (readers.hasNext()) {
      ImageReader reader = readers.next();
      if (reader.getFormatName().equalsIgnoreCase("tiff")) {
        reader.setInput(input);
        return new SlideImage(input, reader);
      }
    }
    input.close();
    throw new IOException(file.getFileName() + " is not a TIFF slide");
  }

  int levels() {
    return levels;
  }

  int width(int level) throws IOException {
    return reader.getWidth(level);
  }

  int height(int level) throws IOException {
    return reader.getHeight(level);
  }

  /** The region of {@code level} (clipped to the level by the caller). */
  BufferedImage read(int level, Rectangle region) throws IOException {
    ImageReadParam param = reader.getDefaultReadParam();
    param.setSourceRegion(region);
    return reader.read(level, param);
  }

  /** The smallest level: small enough to read whole for the tissue mask. */
  int lowestLevel() {
    return levels - 1;
  }

  @Override
  public void close() throws IOException {
    reader.dispose();
    input.close();
  }
}
