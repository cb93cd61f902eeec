package org.screening.workers.stream;

import org.screening.workers.batching.Batchable;
import org.screening.workers.decode.FrameMeta;
import org.screening.workers.inference.Route;

/** A frame's preprocessed input for one model, queued for a batch. */
record InferenceItem(FrameJob job, FrameMeta frame, Route route, float[] input, double decodeMs)
    implements Batchable {

  @Override
  public String feedKey() {
    return frame.tenant() + "/" + frame.feedId();
  }

  @Override
  public long sequence() {
    return frame.sequence();
  }

  @Override
  public boolean live() {
    return frame.live();
  }
}
