package org.screening.workers.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DatasetFormatTest {

  @Test
  void everyFormatIsFoundByItsCliName() {
    for (DatasetFormat f : DatasetFormat.values()) {
      assertEquals(f, DatasetFormat.fromCliName(f.cliName()));
    }
    assertEquals(DatasetFormat.KVASIR_SEG, DatasetFormat.fromCliName("kvasir-seg"));
    assertInstanceOf(MedMnistNpzLoader.class, DatasetFormat.MEDMNIST_NPZ.loader());
  }

  @Test
  void unknownNameListsTheValidOnes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> DatasetFormat.fromCliName("kvasir"));
    assertTrue(e.getMessage().contains("imagefolder, ham10000, malaria, kvasir-seg, busi, medmnist-npz"),
        e.getMessage());
  }
}
