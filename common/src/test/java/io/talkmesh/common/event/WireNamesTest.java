package io.talkmesh.common.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.talkmesh.common.error.TalkException;
import io.talkmesh.common.model.ChatType;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The wire names are derived from the constants' names: renaming a constant must not go unnoticed. */
class WireNamesTest {
  @Test
  void eventTypesKeepTheirWireNames() {
    assertThat(Arrays.stream(EventType.values()).map(EventType::wire)).containsExactly("chat_created", "chat_updated",
        "chat_deleted", "chatparticipant_added", "chatparticipant_removed", "chatmessage_created",
        "chatmessage_updated", "chatmessage_deleted", "chatmessage_reaction_updated", "chatparticipant_read", "chat_read",
        "chatmessage_pinned", "chatmessage_unpinned", "agent_presence_updated", "webhook_replay_requested");
    assertThat(Arrays.stream(EventType.values()).filter(EventType::internal))
        .containsExactly(EventType.WEBHOOK_REPLAY_REQUESTED);
    assertThat(Arrays.stream(EventType.values()).filter(EventType::agentStream)).containsExactly(EventType.CHAT_READ,
        EventType.AGENT_PRESENCE_UPDATED);
    assertThat(Arrays.stream(EventType.values()).filter(EventType::presence))
        .containsExactly(EventType.AGENT_PRESENCE_UPDATED);
    assertThat(EventType.parse("chatmessage_created")).isEqualTo(EventType.CHATMESSAGE_CREATED);
    assertThatThrownBy(() -> EventType.parse("CHATMESSAGE_CREATED")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void chatTypesKeepTheirWireNamesAndTheOlderName() {
    assertThat(Arrays.stream(ChatType.values()).map(ChatType::wire)).containsExactly("direct", "group", "talk");
    assertThat(ChatType.parse("normal")).isEqualTo(ChatType.DIRECT);
    assertThatThrownBy(() -> ChatType.parse("Group")).isInstanceOf(TalkException.class);
    assertThatThrownBy(() -> ChatType.parse("")).isInstanceOf(TalkException.class);
  }
}
