package org.screening.launcher.send;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Rectangle;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Tiling the prepared slide: a pyramid is read, and the white glass around the tissue is skipped. */
class SlidePlanTest {

  private static final Path HOME = Path.of(System.getProperty("screening.home", ".."));

  @Test
  void theSlidesGlassIsSkippedAndItsTissueTiled() throws Exception {
    CaseData data = CaseData.at(HOME, System.out);
    try (SlideImage slide = SlideImage.open(data.slide())) {
      assertTrue(slide.levels() >= 3, "a pyramid, got " + slide.levels() + " levels");
      assertEquals(1536, slide.width(0));
      assertEquals(768, slide.width(1));

      TilePlan plan = SlideSender.plan(slide, new SlideSender.Options(0, 128, 0.25));

      // 12 x 10 cells; the tissue (1024 x 1024 at 256, 128) covers 8 x 8 of them.
      assertEquals(120, plan.tiles().size() + plan.skipped());
      assertTrue(plan.skipped() >= 56, "glass cells skipped: " + plan.skipped());
      assertTrue(plan.tiles().size() >= 40, "tissue cells kept: " + plan.tiles().size());
      for (Rectangle tile : plan.tiles()) {
        assertTrue(tile.x >= 256 && tile.x < 1280 && tile.y >= 128 && tile.y < 1152,
            "a tile on bare glass was kept: " + tile);
      }
    }
  }

  @Test
  void aLevelTheSlideLacksIsAClearError() throws Exception {
    CaseData data = CaseData.at(HOME, System.out);
    try (SlideImage slide = SlideImage.open(data.slide())) {
      IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(
          IllegalArgumentException.class,
          () -> SlideSender.plan(slide, new SlideSender.Options(9, 128, 0.25)));
      assertTrue(e.getMessage().contains("levels"), e.getMessage());
    }
  }
}
