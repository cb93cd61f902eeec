package org.screening.launcher.send;

import java.awt.Rectangle;
import java.util.ArrayList;
import java.util.List;

/** The tiles of one slide level to send, in row-major order, and how many were background. */
record TilePlan(int level, int slideWidth, int slideHeight, List<Rectangle> tiles, int skipped) {

  static TilePlan of(int level, int width, int height, int tileSize, TissueMask mask,
      double minTissue) {
    List<Rectangle> tiles = new ArrayList<>();
    int skipped = 0;
    for (int y = 0; y < height; y += tileSize) {
      for (int x = 0; x < width; x += tileSize) {
        Rectangle tile = new Rectangle(x, y, Math.min(tileSize, width - x),
            Math.min(tileSize, height - y));
        if (mask.fraction(tile) >= minTissue) {
          tiles.add(tile);
        } else {
          skipped++;
        }
      }
    }
    return new TilePlan(level, width, height, List.copyOf(tiles), skipped);
  }
}
