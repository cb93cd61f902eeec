package org.screening.workers.model;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The networks the project can build, by the name the CLI and the model assets use. */
public enum ModelKind {
  MEDIC_CLS("medic-cls", MedIcCls.INPUT_SIZE, false),
  MEDIC_SEG("medic-seg", MedIcSeg.INPUT_SIZE, true);

  private final String cliName;
  private final int inputSize;
  private final boolean segmentation;

  ModelKind(String cliName, int inputSize, boolean segmentation) {
    this.cliName = cliName;
    this.inputSize = inputSize;
    this.segmentation = segmentation;
  }

  public String cliName() {
    return cliName;
  }

  /** Height and width of the square RGB input. */
  public int inputSize() {
    return inputSize;
  }

  public boolean segmentation() {
    return segmentation;
  }

  /** Builds the network's variables in {@code scope}; {@code classes} is ignored for Seg. */
  public MedIcModel create(ModelScope scope, int involutionLayers, int classes) {
    return segmentation
        ? new MedIcSeg(scope, involutionLayers)
        : new MedIcCls(scope, involutionLayers, classes);
  }

  public static ModelKind fromCliName(String name) {
    return Arrays.stream(values()).filter(k -> k.cliName.equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("Unknown model '" + name + "'; known: "
            + Arrays.stream(values()).map(ModelKind::cliName).collect(Collectors.joining(", "))));
  }
}
