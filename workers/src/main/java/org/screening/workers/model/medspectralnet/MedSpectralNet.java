package org.screening.workers.model.medspectralnet;

import org.screening.workers.model.MedIcModel;
import org.screening.workers.model.ModelOutput;
import org.screening.workers.model.ModelScope;
import org.screening.workers.model.layers.BatchNormLayer;
import org.screening.workers.model.layers.DenseLayer;
import org.screening.workers.model.layers.GlobalAveragePool;
import org.screening.workers.model.layers.Init;
import org.screening.workers.model.resnet.ResNet18Trunk;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * MedSpectralNet (Afrin et al. 2026; reconstructed in MODELS.md 2, no code was released): a
 * ResNet-18 trunk's map f, {@code F = f + SF1(f) + CG(f)} (CG holds its own +f, so f enters
 * twice, as the paper's equations read), {@code R = BN(SF2(F))}, global average pool, dense,
 * softmax. 12,748,494 + 513 K parameters at 224 px; 12,716,754 + 513 K at 28 px.
 */
public final class MedSpectralNet implements MedIcModel {

  /** ImageNet's channel statistics: the paper normalises with them. */
  private static final float[] MEAN = {0.485f, 0.456f, 0.406f};
  private static final float[] STD = {0.229f, 0.224f, 0.225f};

  private final ModelScope scope;
  private final ResNet18Trunk trunk;
  private final SpectralFlow spectral1;
  private final ContextGate contextGate;
  private final SpectralFlow spectral2;
  private final BatchNormLayer norm;
  private final DenseLayer classifier;

  public MedSpectralNet(ModelScope scope, ResNet18Trunk.Stem stem, int classes) {
    this.scope = scope;
    this.trunk = new ResNet18Trunk(scope.sub("trunk"), stem);
    long channels = ResNet18Trunk.channels(ResNet18Trunk.STAGES);
    int patch = patchSize(stem);
    // SF1 starts at 0 (zero output conv); SF2 must not, it is the only path to the head.
    this.spectral1 = new SpectralFlow(scope.sub("spectral_flow1"), channels, patch, Init.ZEROS);
    this.contextGate = new ContextGate(scope.sub("context_gate"), channels, patch);
    this.spectral2 = new SpectralFlow(scope.sub("spectral_flow2"), channels, patch,
        Init.PYTORCH_DEFAULT);
    this.norm = new BatchNormLayer(scope.sub("norm"), channels, BatchNormLayer.PYTORCH_EPSILON, 1f);
    this.classifier = new DenseLayer(scope.sub("classifier"), channels, classes,
        Init.PYTORCH_DEFAULT);
  }

  /**
   * The patch side k: the paper's 3 on the 7x7 map at 224 px; on the 4x4 map at 28 px, 2 tiles
   * it without padding (3 would pad 4 to 6 and average mostly zeros at the border).
   */
  static int patchSize(ResNet18Trunk.Stem stem) {
    return stem == ResNet18Trunk.Stem.IMAGENET_224 ? 3 : 2;
  }

  @Override
  public ModelOutput apply(Operand<TFloat32> image, boolean training) {
    Ops tf = scope.tf();
    Operand<TFloat32> normalised = tf.math.div(tf.math.sub(image, tf.constant(MEAN)),
        tf.constant(STD));
    Operand<TFloat32> f = trunk.apply(normalised, training);
    Operand<TFloat32> mixed = tf.math.add(tf.math.add(f, spectral1.apply(f)), contextGate.apply(f));
    Operand<TFloat32> featureMap = norm.apply(spectral2.apply(mixed), training);
    Operand<TFloat32> logits = classifier.apply(GlobalAveragePool.apply(tf, featureMap));
    return new ModelOutput(logits, tf.nn.softmax(logits), null, featureMap);
  }
}
