package org.screening.workers.inference;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import org.screening.workers.data.Images;

/** A Grad-CAM heat map as the PNG a result carries. */
public final class Explanations {

  private Explanations() {}

  /**
   * The map at the frame's size as an 8-bit grey PNG, 255 at its maximum: bilinear from the
   * feature map's grid with the resize that took the frame to the model's input (half-pixel
   * centres), so the map lies over what the model saw, as masks do. Scaled per frame, since the
   * raw values (logit per unit of activation) mean nothing to a viewer and differ across frames;
   * an all-zero map (nothing speaks for the class) stays black.
   *
   * @param heatMap {@code gridWidth x gridHeight} non-negative values, row-major
   */
  public static byte[] png(float[] heatMap, int gridWidth, int gridHeight, int width,
      int height) {
    if (heatMap.length != gridWidth * gridHeight) {
      throw new IllegalArgumentException(heatMap.length + " heat map values for a "
          + gridWidth + "x" + gridHeight + " grid");
    }
    float[] atFrame = gridWidth == width && gridHeight == height ? heatMap
        : Images.resizeBilinear(heatMap, gridHeight, gridWidth, 1, height, width);
    float max = 0;
    for (float v : atFrame) {
      max = Math.max(max, v);
    }
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
    byte[] pixels = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
    if (max > 0) {
      for (int i = 0; i < atFrame.length; i++) {
        pixels[i] = (byte) Math.round(Math.max(0, atFrame[i]) / max * 255);
      }
    }
    return Segmentations.png(image);
  }
}
