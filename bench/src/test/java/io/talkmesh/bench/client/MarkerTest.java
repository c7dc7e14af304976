package io.talkmesh.bench.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class MarkerTest {

  @Test
  void stampSurvivesJsonEncodingOfAPushedFrame() {
    String frame = new JsonObject().put("type", "chatmessage_created").put("seq", 7)
        .put("data", new JsonObject().put("text", "hello " + Marker.stamp("fanout-100", 123456789L))).encode();
    Marker.Stamp stamp = Marker.find(frame);
    assertThat(stamp).isEqualTo(new Marker.Stamp("fanout-100", 123456789L));
  }

  @Test
  void framesWithoutAStampAreIgnored() {
    assertThat(Marker.find("{\"type\":\"subscribed\",\"topics\":[]}")).isNull();
    assertThat(Marker.find("@@bench/e2e/not-a-number@@")).isNull();
  }
}
