package org.screening.workers.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DatasetTest {

  private static Sample sample(String id, String group, int label) {
    return new Sample(id, group, new float[2 * 2 * 3], label, null);
  }

  /** 90 samples of class 0 in groups of 3, 10 of class 1 alone each. */
  private static Dataset imbalanced() {
    List<Sample> samples = new ArrayList<>();
    for (int i = 0; i < 90; i++) {
      samples.add(sample("a" + i, "g" + (i / 3), 0));
    }
    for (int i = 0; i < 10; i++) {
      samples.add(sample("b" + i, null, 1));
    }
    return new Dataset(Task.CLASSIFY, 2, 2, List.of("a", "b"), samples);
  }

  private static Set<String> groups(Dataset d) {
    Set<String> out = new HashSet<>();
    d.samples().forEach(s -> out.add(s.group()));
    return out;
  }

  private static List<String> ids(Dataset d) {
    return d.samples().stream().map(Sample::id).toList();
  }

  private static long count(Dataset d, int label) {
    return d.samples().stream().filter(s -> s.label() == label).count();
  }

  @Test
  void sampleWithoutGroupIsItsOwnGroup() {
    assertEquals("x", sample("x", null, 0).group());
  }

  @Test
  void noGroupHasSamplesOnBothSides() {
    Split split = imbalanced().split(0.3, 7);
    Set<String> overlap = groups(split.train());
    overlap.retainAll(groups(split.heldOut()));
    assertTrue(overlap.isEmpty(), "groups on both sides: " + overlap);
    assertEquals(100, split.train().size() + split.heldOut().size());
  }

  @Test
  void heldOutShareIsMetPerClass() {
    Split split = imbalanced().split(0.2, 1);
    assertEquals(18, count(split.heldOut(), 0));
    assertEquals(2, count(split.heldOut(), 1));
  }

  @Test
  void sameSeedGivesSameSplitAndAnotherSeedAnother() {
    Dataset d = imbalanced();
    assertEquals(ids(d.split(0.2, 42).heldOut()), ids(d.split(0.2, 42).heldOut()));
    assertNotEquals(ids(d.split(0.2, 42).heldOut()), ids(d.split(0.2, 43).heldOut()));
  }

  @Test
  void splitDoesNotDependOnSampleOrder() {
    Dataset d = imbalanced();
    List<Sample> reversed = new ArrayList<>(d.samples());
    java.util.Collections.reverse(reversed);
    Dataset r = new Dataset(d.task(), 2, 2, d.classNames(), reversed);
    assertEquals(new HashSet<>(ids(d.split(0.25, 5).heldOut())), new HashSet<>(ids(r.split(0.25, 5).heldOut())));
  }

  @Test
  void unlabelledSegmentationSamplesFormOneStratum() {
    List<Sample> samples = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      samples.add(new Sample("s" + i, "slab" + (i / 8), new float[12], -1, new float[4]));
    }
    Split split = new Dataset(Task.SEGMENT, 2, 2, List.of(), samples).split(0.2, 3);
    assertEquals(8, split.heldOut().size());
    assertEquals(1, groups(split.heldOut()).size());
  }

  @Test
  void fractionMustLieStrictlyBetweenZeroAndOne() {
    assertThrows(IllegalArgumentException.class, () -> imbalanced().split(0, 1));
    assertThrows(IllegalArgumentException.class, () -> imbalanced().split(1, 1));
  }

  @Test
  void samplesMustMatchTheDeclaredSizeAndTask() {
    Sample wrongSize = new Sample("x", null, new float[5], 0, null);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new Dataset(Task.CLASSIFY, 2, 2, List.of("a"), List.of(wrongSize)));
    assertTrue(e.getMessage().startsWith("x:"), e.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> new Dataset(Task.SEGMENT, 2, 2, List.of(), List.of(sample("y", null, -1))));
    assertThrows(IllegalArgumentException.class,
        () -> new Dataset(Task.CLASSIFY, 2, 2, List.of("a"), List.of(sample("z", null, 1))));
  }
}
