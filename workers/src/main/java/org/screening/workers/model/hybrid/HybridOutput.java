package org.screening.workers.model.hybrid;

import org.screening.workers.model.ModelOutput;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * Everything the hybrid model adds for one input: the classification output (null for a
 * segmenter built without the classification head); the first
 * attention block's map [batch, N, N] over the stage-3 pixels (the explanation: its mean over
 * queries, reshaped to the stage-3 map, is the heat map); and the segmentation head's mask
 * logits [batch, H, W, mask classes] with their per-pixel softmax, both null without the head.
 */
public record HybridOutput(ModelOutput classification, Operand<TFloat32> attention,
    Operand<TFloat32> maskLogits, Operand<TFloat32> maskPrediction) {}
