package io.talkmesh.bench.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PresenceMixTest {
  private static final double RATE = 20;
  private static final PresenceMix MIX = new PresenceMix(RATE, Duration.ofSeconds(4), Duration.ofSeconds(8));

  @Test
  void halfTheTicksSetStatusesThreeEighthsChurnAndOneEighthReload() {
    Map<PresenceMix.Kind, Integer> counts = new EnumMap<>(PresenceMix.Kind.class);
    for (long i = 0; i < 8_000; i++) {
      counts.merge(MIX.at(i).kind(), 1, Integer::sum);
    }
    assertThat(counts).containsEntry(PresenceMix.Kind.STATUS, 4_000).containsEntry(PresenceMix.Kind.CHURN, 3_000)
        .containsEntry(PresenceMix.Kind.RELOAD, 1_000);
  }

  @Test
  void oneAgentsActionsAreAtLeastItsKindsGapApart() {
    assertGapsAtLeast(MIX, RATE, 4, 8);
    // pools that are no multiple of their kind's ticks in the pattern
    assertGapsAtLeast(new PresenceMix(7, Duration.ofSeconds(4), Duration.ofSeconds(3)), 7, 4, 3);
  }

  private static void assertGapsAtLeast(PresenceMix mix, double rate, int statusGap, int churnGap) {
    Map<String, Long> last = new HashMap<>();
    for (long i = 0; i < 20_000; i++) {
      PresenceMix.Action a = mix.at(i);
      long gapTicks = (long) Math.ceil(rate * (a.kind() == PresenceMix.Kind.STATUS ? statusGap : churnGap));
      Long previous = last.put(a.kind() + "/" + a.agent(), i);
      if (previous != null) {
        assertThat(i - previous).as("%s agent %d at tick %d", a.kind(), a.agent(), i).isGreaterThanOrEqualTo(gapTicks);
      }
    }
  }

  @Test
  void eachAgentAlternatesStartingWithTheOppositeOfItsInitialState() {
    Map<String, Boolean> state = new HashMap<>();
    for (long i = 0; i < 20_000; i++) {
      PresenceMix.Action a = MIX.at(i);
      if (a.kind() == PresenceMix.Kind.RELOAD) {
        continue;
      }
      boolean before = state.getOrDefault(a.kind() + "/" + a.agent(), PresenceMix.initiallyOn(a.kind(), a.agent()));
      assertThat(a.on()).as("%s agent %d at tick %d", a.kind(), a.agent(), i).isNotEqualTo(before);
      state.put(a.kind() + "/" + a.agent(), a.on());
    }
  }

  @Test
  void everyAgentOfEachPoolIsUsedAndNoneBeyondIt() {
    Map<PresenceMix.Kind, java.util.Set<Integer>> used = new EnumMap<>(PresenceMix.Kind.class);
    for (long i = 0; i < 8 * 1_000; i++) {
      PresenceMix.Action a = MIX.at(i);
      used.computeIfAbsent(a.kind(), k -> new java.util.TreeSet<>()).add(a.agent());
    }
    for (PresenceMix.Kind kind : PresenceMix.Kind.values()) {
      assertThat(used.get(kind)).as("%s", kind).hasSize(MIX.poolSize(kind));
      assertThat(used.get(kind)).allMatch(agent -> agent >= 0 && agent < MIX.poolSize(kind));
    }
    assertThat(MIX.pooled()).isEqualTo(MIX.poolSize(PresenceMix.Kind.STATUS) + MIX.poolSize(PresenceMix.Kind.CHURN)
        + MIX.poolSize(PresenceMix.Kind.RELOAD));
  }
}
