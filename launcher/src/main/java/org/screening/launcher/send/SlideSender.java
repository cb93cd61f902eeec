package org.screening.launcher.send;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.screening.schemas.v1.Frame;
import org.screening.schemas.v1.ImageEncoding;
import org.screening.schemas.v1.Modality;
import org.screening.schemas.v1.QosClass;
import org.screening.schemas.v1.SlideTile;
import org.screening.schemas.v1.Task;

/**
 * Cuts a pyramidal slide into tiles at one level, skips background by a tissue mask computed on
 * the lowest level, and sends each tile as a BATCH frame of the slide's feed with its position and
 * the tile count, so that the summaries role knows when the slide is complete.
 */
final class SlideSender {

  /** How a slide is cut. */
  record Options(int level, int tileSize, double minTissue) {
    Options {
      if (level < 0 || tileSize < 16 || minTissue < 0 || minTissue > 1) {
        throw new IllegalArgumentException("level >= 0, tile size >= 16 and min tissue in [0, 1]"
            + " are required");
      }
    }
  }

  private final FrameSink sink;
  private final Identity identity;

  SlideSender(FrameSink sink, Identity identity) {
    this.sink = sink;
    this.identity = identity;
  }

  /** The plan of a slide without sending it (for --dry-run and tests). */
  static TilePlan plan(SlideImage slide, Options options) throws IOException {
    if (options.level() >= slide.levels()) {
      throw new IllegalArgumentException("the slide has " + slide.levels() + " levels (0 to "
          + (slide.levels() - 1) + "); level " + options.level() + " asked for");
    }
    int width = slide.width(options.level());
    int height = slide.height(options.level());
    int low = slide.lowestLevel();
    BufferedImage lowRes = slide.read(low, new Rectangle(0, 0, slide.width(low), slide.height(low)));
    TissueMask mask = TissueMask.of(lowRes, width, height);
    return TilePlan.of(options.level(), width, height, options.tileSize(), mask,
        options.minTissue());
  }

  SendReport send(Path file, Options options, Progress.Factory progressFactory)
      throws IOException, InterruptedException, SendFailedException {
    try (SlideImage slide = SlideImage.open(file)) {
      TilePlan plan = plan(slide, options);
      List<Rectangle> tiles = plan.tiles();
      Progress progress = progressFactory.create("tiles", tiles.size());
      for (int i = 0; i < tiles.size(); i++) {
        Rectangle r = tiles.get(i);
        BufferedImage image = slide.read(plan.level(), r);
        sink.send(frame(plan, i, r, Images.png(image), i == tiles.size() - 1));
        progress.update(i + 1);
      }
      sink.flush();
      progress.finish();
      return new SendReport("slide", identity.feed(), tiles.size(), plan.skipped(),
          progress.seconds(), sink.pushbacks());
    }
  }

  private Frame frame(TilePlan plan, int index, Rectangle r, byte[] png, boolean last) {
    return Frame.newBuilder()
        .setFrameId(identity.frameId(index))
        .setTenant(identity.tenant())
        .setFeedId(identity.feed())
        .setSequence(index)
        .setCaptureTime(Instant.now())
        .setModality(Modality.PATHOLOGY_TILE)
        .setEncoding(ImageEncoding.PNG)
        .setWidth(r.width)
        .setHeight(r.height)
        .setChannels(3)
        .setPixels(ByteBuffer.wrap(png))
        .setTasks(List.of(Task.CLASSIFY))
        .setModelOverride(identity.model())
        .setQos(QosClass.BATCH)
        .setTile(SlideTile.newBuilder()
            .setSlideId(identity.caseId()).setLevel(plan.level()).setX(r.x).setY(r.y)
            .setWidth(r.width).setHeight(r.height)
            .setSlideWidth(plan.slideWidth()).setSlideHeight(plan.slideHeight())
            .setTilesTotal(plan.tiles().size()).setTilesSkipped(plan.skipped()).build())
        .setLastInFeed(last)
        .build();
  }
}
