package org.screening.workers.stream;

import java.util.List;
import org.screening.workers.decode.FrameMeta;
import org.screening.workers.inference.Route;

/**
 * A frame decoded once and resized for each model that will see it.
 *
 * @param encoding the frame's image encoding, for the decode-time metric
 */
record PreparedFrame(FrameMeta meta, List<Input> inputs, double decodeMs, String encoding) {

  /** One model's input: height*width*3 floats at the model's resolution. */
  record Input(Route route, float[] pixels) {}
}
