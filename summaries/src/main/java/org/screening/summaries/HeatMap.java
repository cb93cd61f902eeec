package org.screening.summaries;

import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * A slide's tile scores as an 8-bit greyscale PNG, one pixel per cell of the tile grid: 0 where no
 * tile was screened (background, dropped), 1 + round(score * 254) where one was.
 */
final class HeatMap {

  /** The grid's size in cells and the PNG. */
  record Image(int columns, int rows, byte[] png) {}

  /** A scored tile at its place on the slide. */
  record Cell(FrameEntry.TileBox box, float score) {}

  static {
    ImageIO.setUseCache(false);
  }

  private HeatMap() {}

  static Image draw(int slideWidth, int slideHeight, int tileWidth, int tileHeight,
      List<Cell> cells) {
    int columns = Math.max(1, ceilDiv(slideWidth, tileWidth));
    int rows = Math.max(1, ceilDiv(slideHeight, tileHeight));
    BufferedImage image = new BufferedImage(columns, rows, BufferedImage.TYPE_BYTE_GRAY);
    WritableRaster raster = image.getRaster();
    for (Cell cell : cells) {
      int column = Math.min(columns - 1, cell.box().x() / tileWidth);
      int row = Math.min(rows - 1, cell.box().y() / tileHeight);
      float score = Math.max(0f, Math.min(1f, cell.score()));
      raster.setSample(column, row, 0, 1 + Math.round(score * 254));
    }
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "png", png);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write a PNG to memory", e);
    }
    return new Image(columns, rows, png.toByteArray());
  }

  private static int ceilDiv(int a, int b) {
    return (a + b - 1) / b;
  }
}
