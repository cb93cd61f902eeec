package org.screening.workers.inference;

import java.util.Arrays;

/**
 * The views of a frame that {@code uncertainty: flips} runs: view 0 the image as it is, view 1
 * flipped left-right, view 2 upside-down. Flipping is its own inverse, so {@link #flipped} also
 * turns a view's map (mask, heat map) back onto the frame as it is.
 */
final class FlipViews {

  private FlipViews() {}

  /**
   * {@code count} images, each followed by its other views: one batch of {@code count * views}
   * images in which every frame's views lie together, so each frame's slice of the outputs holds
   * its own views, in view order.
   *
   * @param images {@code count} images of height*width*channels floats, back to back
   */
  static float[] of(float[] images, int count, int views, int height, int width, int channels) {
    int each = height * width * channels;
    float[] out = new float[images.length * views];
    for (int i = 0; i < count; i++) {
      float[] image = Arrays.copyOfRange(images, i * each, (i + 1) * each);
      for (int view = 0; view < views; view++) {
        System.arraycopy(flipped(image, view, height, width, channels), 0, out,
            (i * views + view) * each, each);
      }
    }
    return out;
  }

  /** {@code image} (height*width*channels, row-major) as view {@code view} sees it. */
  static float[] flipped(float[] image, int view, int height, int width, int channels) {
    if (view == 0) {
      return image;
    }
    float[] out = new float[image.length];
    for (int y = 0; y < height; y++) {
      int fromY = view == 2 ? height - 1 - y : y;
      for (int x = 0; x < width; x++) {
        int fromX = view == 1 ? width - 1 - x : x;
        System.arraycopy(image, (fromY * width + fromX) * channels, out,
            (y * width + x) * channels, channels);
      }
    }
    return out;
  }

  /** One frame's output split into its {@code views} equal parts. */
  static float[][] split(float[] values, int views) {
    int each = values.length / views;
    float[][] out = new float[views][];
    for (int view = 0; view < views; view++) {
      out[view] = Arrays.copyOfRange(values, view * each, (view + 1) * each);
    }
    return out;
  }

  /** The element-wise mean of equally long arrays. */
  static float[] mean(float[][] views) {
    float[] out = new float[views[0].length];
    for (float[] view : views) {
      for (int i = 0; i < out.length; i++) {
        out[i] += view[i] / views.length;
      }
    }
    return out;
  }
}
