package io.talkmesh.push.subscription;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.talkmesh.common.error.TalkException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClientFrameTest {
  @Test
  void subscribeFrameIsRead() {
    ClientFrame frame = ClientFrame.parse("{\"type\":\"subscribe\",\"topics\":[\"a\",\"b\"]}");
    assertThat(frame).isEqualTo(new ClientFrame("subscribe", List.of("a", "b")));
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
}
