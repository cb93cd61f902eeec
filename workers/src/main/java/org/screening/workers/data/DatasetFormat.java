package org.screening.workers.data;

import java.util.Arrays;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/** The dataset layouts the trainer reads, by the names the command line uses. */
public enum DatasetFormat {
  IMAGEFOLDER("imagefolder", ImageFolderLoader::new),
  HAM10000("ham10000", Ham10000Loader::new),
  MALARIA("malaria", MalariaLoader::new),
  KVASIR_SEG("kvasir-seg", KvasirSegLoader::new),
  BUSI("busi", BusiLoader::new),
  MEDMNIST_NPZ("medmnist-npz", MedMnistNpzLoader::new);

  private final String cliName;
  private final Supplier<DatasetLoader> loader;

  DatasetFormat(String cliName, Supplier<DatasetLoader> loader) {
    this.cliName = cliName;
    this.loader = loader;
  }

  public String cliName() {
    return cliName;
  }

  public DatasetLoader loader() {
    return loader.get();
  }

  /** @throws IllegalArgumentException naming the valid formats when the name is unknown */
  public static DatasetFormat fromCliName(String name) {
    return Arrays.stream(values())
        .filter(f -> f.cliName.equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown dataset format '" + name + "'; valid: "
            + Arrays.stream(values()).map(DatasetFormat::cliName).collect(Collectors.joining(", "))));
  }
}
