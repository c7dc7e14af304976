package io.talkmesh.talkmanager.agent;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Failed logins slow the one who fails, by a delay that doubles with every failure past the free ones. */
class LoginPolicyTest {
  private final LoginPolicy policy = new LoginPolicy(5, 20, 900, 2);

  @Test
  void failuresBelowTheFreeOnesCostNoWait() {
    assertThat(policy.waitSeconds(0, Double.MAX_VALUE, 5)).isZero();
    assertThat(policy.waitSeconds(4, 0, 5)).isZero();
  }

  @Test
  void theWaitDoublesWithEveryFailurePastTheFreeOnesUpToTheWindow() {
    assertThat(policy.waitSeconds(5, 0, 5)).isEqualTo(2);
    assertThat(policy.waitSeconds(6, 0, 5)).isEqualTo(4);
    assertThat(policy.waitSeconds(7, 0, 5)).isEqualTo(8);
    assertThat(policy.waitSeconds(13, 0, 5)).isEqualTo(512);
    assertThat(policy.waitSeconds(14, 0, 5)).isEqualTo(900);
    assertThat(policy.waitSeconds(1_000_000, 0, 5)).isEqualTo(900);
  }

  @Test
  void theWaitCountsFromTheLastFailure() {
    assertThat(policy.waitSeconds(6, 1.5, 5)).isEqualTo(3);
    assertThat(policy.waitSeconds(6, 4.0, 5)).isZero();
  }
}
