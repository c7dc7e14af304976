package io.talkmesh.push.subscription;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.talkmesh.common.error.TalkException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ClientFrameTest {
  @Test
  void subscribeFrameIsRead() {
    ClientFrame frame = ClientFrame.parse("{\"type\":\"subscribe\",\"topics\":[\"a\",\"b\"]}");
    assertThat(frame).isEqualTo(new ClientFrame("subscribe", List.of("a", "b")));
  }

  @Test
  void resumeMapIsRead() {
    UUID chat = UUID.randomUUID();
    ClientFrame frame = ClientFrame.parse("{\"type\":\"subscribe\",\"topics\":[],\"resume\":{\"" + chat + "\":7}}");
    assertThat(frame.resume()).isEqualTo(Map.of(chat, 7L));
  }

  @Test
  void malformedResumeIsInvalidFrame() {
    for (String resume : new String[] {"[]", "{\"x\":1}", "{\"" + UUID.randomUUID() + "\":-1}",
        "{\"" + UUID.randomUUID() + "\":\"3\"}", "{\"" + UUID.randomUUID() + "\":1.5}"}) {
      String text = "{\"type\":\"subscribe\",\"topics\":[],\"resume\":" + resume + "}";
      assertThatThrownBy(() -> ClientFrame.parse(text)).as("frame %s", text)
          .isInstanceOfSatisfying(TalkException.class, e -> assertThat(e.reason()).isEqualTo(ClientFrame.INVALID_FRAME));
    }
  }

  @Test
  void malformedFramesAreInvalidFrame() {
    for (String text : new String[] {"", "nope", "[]", "\"x\"", "null", "{}", "{\"type\":\"subscribe\"}",
        "{\"type\":\"publish\",\"topics\":[]}", "{\"type\":\"subscribe\",\"topics\":\"agent_id:x:chat\"}",
        "{\"type\":7,\"topics\":[]}"}) {
      assertThatThrownBy(() -> ClientFrame.parse(text)).as("frame %s", text)
          .isInstanceOfSatisfying(TalkException.class, e -> assertThat(e.reason()).isEqualTo(ClientFrame.INVALID_FRAME));
    }
  }

  @org.junit.jupiter.api.Test
  void typingFramesNameAChat() {
    java.util.UUID chat = java.util.UUID.randomUUID();
    ClientFrame start = ClientFrame.parse("{\"type\":\"typing_start\",\"chat_id\":\"" + chat + "\"}");
    org.assertj.core.api.Assertions.assertThat(start.isTyping()).isTrue();
    org.assertj.core.api.Assertions.assertThat(start.chatId()).isEqualTo(chat);
    for (String bad : new String[] {"{\"type\":\"typing_start\"}", "{\"type\":\"typing_stop\",\"chat_id\":5}",
        "{\"type\":\"typing_start\",\"chat_id\":\"nope\"}"}) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> ClientFrame.parse(bad))
          .isInstanceOf(io.talkmesh.common.error.TalkException.class).hasMessageContaining("chat_id");
    }
  }
}
