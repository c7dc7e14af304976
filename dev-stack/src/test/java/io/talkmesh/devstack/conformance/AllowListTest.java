package io.talkmesh.devstack.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The allow-list's judgement: what it does not cover is unexpected, and an entry nothing matched is stale. */
class AllowListTest {
  private static final AllowList.Allowed REJOIN = AllowList.allow("POST /v1.0/service_agents/talk_chats/:id/join",
      "409 ALREADY_PARTICIPANT", "re-join answers 409", "VoIPBIN answers 200", "fixed-by: item 3");
  private static final AllowList.Allowed TIMESTAMPS = AllowList.allow("*", "tm_create: does not match",
      "seed timestamps", "the seeds", "stays");
  private static final Divergence REJOINED = new Divergence("POST /v1.0/service_agents/talk_chats/:id/join",
      "answered 409 ALREADY_PARTICIPANT where VoIPBIN answers 200");

  @Test
  void aDivergenceNoEntryCoversIsUnexpected() {
    Divergence other = new Divergence("GET /v1.0/chats", "answered 500 where VoIPBIN answers 200");
    AllowList.Verdict verdict = AllowList.judge(List.of(REJOIN), List.of(REJOINED, other));
    assertThat(verdict.unexpected()).containsExactly(other);
    assertThat(verdict.stale()).isEmpty();
  }

  @Test
  void anEntryNoDivergenceMatchesIsStale() {
    AllowList.Verdict verdict = AllowList.judge(List.of(REJOIN, TIMESTAMPS), List.of(REJOINED));
    assertThat(verdict.unexpected()).isEmpty();
    assertThat(verdict.stale()).containsExactly(TIMESTAMPS);
  }

  @Test
  void aRouteGlobMatchesEveryRouteItNamesAndNoOther() {
    AllowList.Allowed chats = AllowList.allow("* /v1.0/chats*", "room_owner_id", "d", "w", "f");
    assertThat(chats.covers(new Divergence("GET /v1.0/chats/:id", "field /room_owner_id absent"))).isTrue();
    assertThat(chats.covers(new Divergence("GET /v1.0/chatrooms", "field /room_owner_id absent"))).isFalse();
    assertThat(REJOIN.covers(new Divergence("POST /v1.0/service_agents/talk_chats/:id/participants",
        REJOINED.what()))).isFalse();
  }

  @Test
  void everyEntrySaysWhyAndWhatBecomesOfIt() {
    assertThat(AllowList.ENTRIES).allSatisfy(entry -> {
      assertThat(entry.why()).isNotBlank();
      assertThat(entry.fate()).matches("(fixed-by: item [1-8]|stays: |open: ).*");
    });
  }
}
