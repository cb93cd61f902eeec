package org.screening.launcher.bench.compute;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tensorflow.ndarray.Shape;

/**
 * One benchmarked involution problem: x [B,H,W,C], kernel [B,H,W,G,K*K], dilation D. Its label,
 * e.g. {@code [8,128,128,16] K=3 G=4}, names the row in the report and is what {@link #parse}
 * reads back, so the command line, the child JVM and the JSON all speak the same format.
 */
public record KernelShape(
    int batch, int height, int width, int channels, int groups, int kernelSize, int dilation) {

  /** The standard set: Med-IC Cls input, Med-IC Seg-sized feature maps (G=1 and G=4), a big tile. */
  public static final List<KernelShape> STANDARD = List.of(
      new KernelShape(16, 28, 28, 3, 1, 3, 1),
      new KernelShape(8, 128, 128, 16, 1, 3, 1),
      new KernelShape(8, 128, 128, 16, 4, 3, 1),
      new KernelShape(1, 512, 512, 3, 1, 7, 1));

  private static final Pattern LABEL = Pattern.compile(
      "\\s*\\[\\s*(\\d+)\\s*,\\s*(\\d+)\\s*,\\s*(\\d+)\\s*,\\s*(\\d+)\\s*]"
          + "\\s*K=(\\d+)\\s*G=(\\d+)(?:\\s*D=(\\d+))?\\s*");

  public KernelShape {
    if (batch < 1 || height < 1 || width < 1 || channels < 1 || groups < 1 || kernelSize < 1
        || dilation < 1) {
      throw new IllegalArgumentException("Every dimension must be positive: " + this);
    }
  }

  /** Reads a label such as {@code [8,128,128,16] K=3 G=4} (optionally {@code D=2}). */
  public static KernelShape parse(String label) {
    Matcher m = LABEL.matcher(label);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "Shape '" + label + "' is not of the form '[B,H,W,C] K=3 G=1' (optionally ' D=2')");
    }
    try {
      return new KernelShape(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
          Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)), Integer.parseInt(m.group(6)),
          Integer.parseInt(m.group(5)), m.group(7) == null ? 1 : Integer.parseInt(m.group(7)));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("Shape '" + label + "' has a dimension out of range", e);
    }
  }

  public String label() {
    return "[" + batch + "," + height + "," + width + "," + channels + "] K=" + kernelSize
        + " G=" + groups + (dilation == 1 ? "" : " D=" + dilation);
  }

  Shape xShape() {
    return Shape.of(batch, height, width, channels);
  }

  Shape kernelShape() {
    return Shape.of(batch, height, width, groups, (long) kernelSize * kernelSize);
  }

  long xElements() {
    return xShape().size();
  }

  long kernelElements() {
    return kernelShape().size();
  }

  @Override
  public String toString() {
    return label();
  }
}
