package org.screening.launcher.send;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;

/**
 * Which parts of a slide hold tissue, from a low-resolution level: glass is bright and grey,
 * stained tissue is darker or coloured. A tile is sent when at least {@code minFraction} of its
 * footprint on the mask is tissue.
 */
final class TissueMask {

  /** Brighter than this (mean of R, G, B) and less coloured than {@link #MIN_CHROMA} is glass. */
  static final int MAX_GLASS_BRIGHTNESS = 210;
  /** A pixel whose channels spread at least this much is stained, whatever its brightness. */
  static final int MIN_CHROMA = 20;

  private final boolean[][] tissue;
  private final double scaleX;
  private final double scaleY;

  private TissueMask(boolean[][] tissue, double scaleX, double scaleY) {
    this.tissue = tissue;
    this.scaleX = scaleX;
    this.scaleY = scaleY;
  }

  /** The mask of {@code lowRes}, a level {@code levelWidth} wide when mapped to the tiled level. */
  static TissueMask of(BufferedImage lowRes, int levelWidth, int levelHeight) {
    boolean[][] tissue = new boolean[lowRes.getHeight()][lowRes.getWidth()];
    for (int y = 0; y < lowRes.getHeight(); y++) {
      for (int x = 0; x < lowRes.getWidth(); x++) {
        int rgb = lowRes.getRGB(x, y);
        int r = (rgb >> 16) & 0xff;
        int g = (rgb >> 8) & 0xff;
        int b = rgb & 0xff;
        int chroma = Math.max(r, Math.max(g, b)) - Math.min(r, Math.min(g, b));
        tissue[y][x] = chroma >= MIN_CHROMA || (r + g + b) / 3 <= MAX_GLASS_BRIGHTNESS;
      }
    }
    return new TissueMask(tissue, (double) lowRes.getWidth() / levelWidth,
        (double) lowRes.getHeight() / levelHeight);
  }

  /** Fraction of tissue under {@code tile} (in pixels of the tiled level). */
  double fraction(Rectangle tile) {
    int x0 = (int) Math.floor(tile.x * scaleX);
    int y0 = (int) Math.floor(tile.y * scaleY);
    int x1 = Math.max(x0 + 1, (int) Math.ceil((tile.x + tile.width) * scaleX));
    int y1 = Math.max(y0 + 1, (int) Math.ceil((tile.y + tile.height) * scaleY));
    int rows = tissue.length;
    int columns = tissue[0].length;
    int count = 0;
    int all = 0;
    for (int y = y0; y < Math.min(y1, rows); y++) {
      for (int x = x0; x < Math.min(x1, columns); x++) {
        all++;
        if (tissue[y][x]) {
          count++;
        }
      }
    }
    return all == 0 ? 0 : (double) count / all;
  }
}
