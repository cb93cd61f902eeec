package org.screening.workers.training;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import javax.imageio.ImageIO;

/** Small image folders the training tests write for themselves. */
final class Fixtures {

  private Fixtures() {}

  /**
   * An imagefolder dataset of 28x28 RGB PNGs in two classes a CNN separates easily: "bright"
   * images with a light square in the centre and "dark" ones with a light bar along the top,
   * both over seeded noise.
   */
  static Path twoClassImageFolder(Path root, int perClass, long seed) throws IOException {
    Random random = new Random(seed);
    for (String label : new String[] {"bright", "dark"}) {
      Path dir = Files.createDirectories(root.resolve(label));
      for (int n = 0; n < perClass; n++) {
        BufferedImage image = new BufferedImage(28, 28, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 28; y++) {
          for (int x = 0; x < 28; x++) {
            boolean lit = label.equals("bright")
                ? x >= 9 && x < 19 && y >= 9 && y < 19
                : y < 6;
            int v = (lit ? 180 : 40) + random.nextInt(60);
            image.setRGB(x, y, (v << 16) | (v << 8) | v);
          }
        }
        ImageIO.write(image, "png", dir.resolve(label + "_" + n + ".png").toFile());
      }
    }
    return root;
  }

  /**
   * A Kvasir-SEG layout ({@code images/}, {@code masks/}) of 28x28 PNGs: a light square at a
   * seeded place over seeded noise, and its mask.
   */
  static Path squaresSegmentationFolder(Path root, int count, long seed) throws IOException {
    Random random = new Random(seed);
    Path images = Files.createDirectories(root.resolve("images"));
    Path masks = Files.createDirectories(root.resolve("masks"));
    for (int n = 0; n < count; n++) {
      BufferedImage image = new BufferedImage(28, 28, BufferedImage.TYPE_INT_RGB);
      BufferedImage mask = new BufferedImage(28, 28, BufferedImage.TYPE_INT_RGB);
      int top = random.nextInt(18);
      int left = random.nextInt(18);
      for (int y = 0; y < 28; y++) {
        for (int x = 0; x < 28; x++) {
          boolean inside = y >= top && y < top + 10 && x >= left && x < left + 10;
          int v = (inside ? 180 : 40) + random.nextInt(60);
          image.setRGB(x, y, (v << 16) | (v << 8) | v);
          mask.setRGB(x, y, inside ? 0xffffff : 0);
        }
      }
      ImageIO.write(image, "png", images.resolve("case" + n + ".png").toFile());
      ImageIO.write(mask, "png", masks.resolve("case" + n + ".png").toFile());
    }
    return root;
  }
}
