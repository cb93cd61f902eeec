package org.screening.workers.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/** The split behind {@link Dataset#split}: grouped, stratified by label, reproducible from a seed. */
final class GroupSplit {

  private GroupSplit() {
  }

  static Split split(Dataset dataset, double heldOutFraction, long seed) {
    if (!(heldOutFraction > 0 && heldOutFraction < 1)) {
      throw new IllegalArgumentException("held-out fraction must be in (0,1), got " + heldOutFraction);
    }
    // Sorted maps: the outcome depends on the seed and the group names, not on load order.
    Map<String, List<Sample>> groups = new TreeMap<>();
    for (Sample s : dataset.samples()) {
      groups.computeIfAbsent(s.group(), g -> new ArrayList<>()).add(s);
    }
    Map<Integer, List<String>> strata = new TreeMap<>();
    groups.forEach((name, members) ->
        strata.computeIfAbsent(majorityLabel(members), l -> new ArrayList<>()).add(name));

    Random random = new Random(seed);
    Set<String> heldOut = new HashSet<>();
    for (List<String> stratum : strata.values()) {
      Collections.shuffle(stratum, random);
      double target = heldOutFraction * stratum.stream().mapToInt(g -> groups.get(g).size()).sum();
      int taken = 0;
      // Groups differ in size: take a group only when it brings the count closer to the target.
      for (String group : stratum) {
        int n = groups.get(group).size();
        if (Math.abs(taken + n - target) < Math.abs(taken - target)) {
          heldOut.add(group);
          taken += n;
        }
      }
    }
    return new Split(dataset.filter(s -> !heldOut.contains(s.group())),
        dataset.filter(s -> heldOut.contains(s.group())));
  }

  /** A group mixing labels is stratified by its most frequent one (the smallest on a tie). */
  private static int majorityLabel(List<Sample> members) {
    Map<Integer, Integer> counts = new TreeMap<>();
    members.forEach(s -> counts.merge(s.label(), 1, Integer::sum));
    int best = members.get(0).label();
    int bestCount = 0;
    for (Map.Entry<Integer, Integer> e : counts.entrySet()) {
      if (e.getValue() > bestCount) {
        best = e.getKey();
        bestCount = e.getValue();
      }
    }
    return best;
  }
}
