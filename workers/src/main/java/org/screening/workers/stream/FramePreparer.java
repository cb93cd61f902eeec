package org.screening.workers.stream;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.screening.schemas.AvroCodec;
import org.screening.schemas.MessageDecodingException;
import org.screening.schemas.v1.Frame;
import org.screening.workers.data.Images;
import org.screening.workers.decode.DecodedImage;
import org.screening.workers.decode.FrameChecks;
import org.screening.workers.decode.FrameMeta;
import org.screening.workers.decode.ImageDecoder;
import org.screening.workers.decode.PixelSource;
import org.screening.workers.decode.RejectedFrameException;
import org.screening.workers.inference.ModelRegistry;
import org.screening.workers.inference.Route;

/**
 * The blocking first stage: message bytes to model inputs. Checks run cheapest first (schema,
 * frame contract, routing, then the image, read from its reference if it has one), and the
 * image is decoded once and resized from the decoded RGB for each model with the resize training
 * used. Thread-safe; runs on the decode pool.
 */
final class FramePreparer {

  private final PixelSource pixels;
  private final ImageDecoder images;
  private final ModelRegistry models;

  FramePreparer(PixelSource pixels, ImageDecoder images, ModelRegistry models) {
    this.pixels = pixels;
    this.images = images;
    this.models = models;
  }

  PreparedFrame prepare(byte[] value) throws RejectedFrameException {
    long start = System.nanoTime();
    Frame frame;
    try {
      frame = AvroCodec.frames().decode(value);
    } catch (MessageDecodingException e) {
      throw new RejectedFrameException(e.reason(), e.getMessage(), e);
    }
    FrameChecks.validate(frame);
    List<Route> routes = models.route(frame.getTasks(), frame.getModality(),
        frame.getModelOverride());
    DecodedImage image = images.decode(pixels.pixels(frame), FrameChecks.declared(frame));
    Map<List<Integer>, float[]> resized = new HashMap<>();
    List<PreparedFrame.Input> inputs = new ArrayList<>();
    for (Route route : routes) {
      int h = route.model().inputHeight();
      int w = route.model().inputWidth();
      // A frame already at the model's size is used as decoded: nothing writes to either array.
      float[] rgb = image.height() == h && image.width() == w ? image.rgb()
          : resized.computeIfAbsent(List.of(h, w), size ->
              Images.resizeBilinear(image.rgb(), image.height(), image.width(), 3, h, w));
      inputs.add(new PreparedFrame.Input(route, rgb));
    }
    return new PreparedFrame(FrameMeta.of(frame, image), inputs, (System.nanoTime() - start) / 1e6,
        frame.getEncoding().name());
  }
}
