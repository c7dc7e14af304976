package io.talkmesh.push.session;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FrameBudgetTest {
  private static final long SECOND = 1_000_000_000L;

  @Test
  void allowsTwiceTheRateAsABurstThenOneFramePerTickAndTellsOncePerRun() {
    FrameBudget budget = new FrameBudget(10, 0);
    int taken = 0;
    while (budget.take(0)) {
      taken++;
    }
    assertThat(taken).isEqualTo(20);
    assertThat(budget.firstRefusal()).isTrue();
    assertThat(budget.take(0)).isFalse();
    assertThat(budget.firstRefusal()).isFalse();
    assertThat(budget.take(SECOND / 10)).isTrue();
    assertThat(budget.take(SECOND / 10)).isFalse();
    assertThat(budget.firstRefusal()).as("a new run of refusals is told again").isTrue();
  }
}
