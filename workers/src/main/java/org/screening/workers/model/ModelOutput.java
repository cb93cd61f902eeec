package org.screening.workers.model;

import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * What a model adds to a graph for one input: the logits the loss is computed on, the served
 * prediction (softmax probabilities or a sigmoid mask), and the first involution layer's kernel
 * map, or null when the model has no involution layer; and a classifier's last convolutional
 * feature map (after its ReLU), which Grad-CAM explains the prediction on, null for a segmenter.
 */
public record ModelOutput(Operand<TFloat32> logits, Operand<TFloat32> prediction,
    Operand<TFloat32> involutionKernel, Operand<TFloat32> featureMap) {}
