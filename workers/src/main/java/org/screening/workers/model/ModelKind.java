package org.screening.workers.model;

import java.util.Arrays;
import java.util.stream.Collectors;
import org.screening.workers.model.hemf.Hemf;
import org.screening.workers.model.hybrid.HybridCnnAttention;
import org.screening.workers.model.hybrid.HybridSegmenter;
import org.screening.workers.model.medspectralnet.MedSpectralNet;
import org.screening.workers.model.resnet.ResNet18Trunk.Stem;

/**
 * The networks the project can build, by the name the CLI and the model assets use: a family
 * at one input size. Med-IC's two have one size each; the zoo families (MODELS.md) come at the
 * paper's 224 px and at the spec's small input, the small one listed first (the default: what
 * two CPU cores can train).
 */
public enum ModelKind {
  MEDIC_CLS("medic-cls", "medic-cls", MedIcCls.INPUT_SIZE, false,
      (scope, involution, classes) -> new MedIcCls(scope, involution, classes)),
  MEDIC_SEG("medic-seg", "medic-seg", MedIcSeg.INPUT_SIZE, true,
      (scope, involution, classes) -> new MedIcSeg(scope, involution)),
  MEDSPECTRALNET_28("medspectralnet-28", "medspectralnet", 28, false,
      (scope, involution, classes) -> new MedSpectralNet(scope, Stem.MEDMNIST_28, classes)),
  MEDSPECTRALNET_224("medspectralnet-224", "medspectralnet", 224, false,
      (scope, involution, classes) -> new MedSpectralNet(scope, Stem.IMAGENET_224, classes)),
  HYBRID_28("hybrid-28", "hybrid", 28, false,
      (scope, involution, classes) -> new HybridCnnAttention(scope, Stem.MEDMNIST_28, classes, 0)),
  HYBRID_224("hybrid-224", "hybrid", 224, false,
      (scope, involution, classes) -> new HybridCnnAttention(scope, Stem.IMAGENET_224, classes, 0)),
  HYBRID_SEG_28("hybrid-seg-28", "hybrid-seg", 28, true,
      (scope, involution, classes) -> new HybridSegmenter(scope, Stem.MEDMNIST_28)),
  HYBRID_SEG_224("hybrid-seg-224", "hybrid-seg", 224, true,
      (scope, involution, classes) -> new HybridSegmenter(scope, Stem.IMAGENET_224)),
  // HEMF's weights do not depend on the input side (any multiple of 32); MODELS.md 7 names 32
  // and 64 as the sizes two CPU cores can train.
  HEMF_32("hemf-32", "hemf", 32, false, (scope, involution, classes) -> new Hemf(scope, classes)),
  HEMF_64("hemf-64", "hemf", 64, false, (scope, involution, classes) -> new Hemf(scope, classes)),
  HEMF_224("hemf-224", "hemf", 224, false,
      (scope, involution, classes) -> new Hemf(scope, classes));

  /** Builds a network's variables in a scope; the zoo families ignore the involution layers. */
  @FunctionalInterface
  private interface Factory {
    MedIcModel create(ModelScope scope, int involutionLayers, int classes);
  }

  private final String cliName;
  private final String family;
  private final int inputSize;
  private final boolean segmentation;
  private final Factory factory;

  ModelKind(String cliName, String family, int inputSize, boolean segmentation, Factory factory) {
    this.cliName = cliName;
    this.family = family;
    this.inputSize = inputSize;
    this.segmentation = segmentation;
    this.factory = factory;
  }

  /** The model's name: what its card and the worker's routing call it. */
  public String cliName() {
    return cliName;
  }

  /** The architecture whatever the input size: what {@code train --model} takes. */
  public String family() {
    return family;
  }

  /** Height and width of the square RGB input. */
  public int inputSize() {
    return inputSize;
  }

  public boolean segmentation() {
    return segmentation;
  }

  /** Only Med-IC has involution layers; the zoo families are built without. */
  public boolean involution() {
    return this == MEDIC_CLS || this == MEDIC_SEG;
  }

  /** Builds the network's variables in {@code scope}; {@code classes} is ignored for Seg. */
  public MedIcModel create(ModelScope scope, int involutionLayers, int classes) {
    return factory.create(scope, involutionLayers, classes);
  }

  public static ModelKind fromCliName(String name) {
    return of(name, null);
  }

  /**
   * The kind a family (or a full name such as {@code hybrid-28}) names at {@code input} pixels;
   * a null input takes the family's first (smallest) size.
   */
  public static ModelKind of(String name, Integer input) {
    return Arrays.stream(values())
        .filter(k -> k.cliName.equals(name) || k.family.equals(name))
        .filter(k -> input == null || k.inputSize == input)
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("Unknown model '" + name + "'"
            + (input == null ? "" : " at input " + input) + "; known: "
            + Arrays.stream(values()).map(k -> k.family + " (--input " + k.inputSize + ")")
                .collect(Collectors.joining(", "))));
  }
}
