package io.talkmesh.bench.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.talkmesh.bench.client.Marker;
import io.talkmesh.common.webhook.WebhookSignature;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

class WebhookReceiverTest {
  private static final String SECRET = WebhookSignature.newSecret();
  private static final Instant COMMITTED = Instant.parse("2026-12-07T15:00:00.123Z");
  private static final long RECEIVED = ChronoUnit.MICROS.between(Instant.EPOCH, COMMITTED) + 45_000;

  private static Buffer body() {
    return new JsonObject().put("id", "ev-1").put("type", "chatmessage_created").put("chat_id", "chat-1").put("seq", 42)
        .put("time", COMMITTED.toString())
        .put("data", new JsonObject().put("text", "webhook " + Marker.stamp("webhook", 7_000_000L))).toBuffer();
  }

  private static MultiMap headers(String signature, long timestamp) {
    return MultiMap.caseInsensitiveMultiMap().add(WebhookSignature.EVENT_ID, "ev-1")
        .add(WebhookSignature.TIMESTAMP, Long.toString(timestamp)).add(WebhookSignature.SIGNATURE, signature);
  }

  @Test
  void aSignedDeliveryGivesItsEventAndTheTimesToMeasure() {
    long ts = RECEIVED / 1_000_000;
    Buffer body = body();
    WebhookTally.Delivery d = WebhookReceiver.delivery(3, SECRET, headers(WebhookSignature.sign(SECRET, ts, body.getBytes()), ts),
        body, RECEIVED, 9_000_000L);
    assertThat(d.signatureOk()).isTrue();
    assertThat(d.endpoint()).isEqualTo(3);
    assertThat(d.eventId()).isEqualTo("ev-1");
    assertThat(d.headerEventId()).isEqualTo("ev-1");
    assertThat(d.chatId()).isEqualTo("chat-1");
    assertThat(d.seq()).isEqualTo(42);
    assertThat(d.receivedMicros() - d.committedMicros()).isEqualTo(45_000);
    assertThat(d.dueNanos()).isEqualTo(7_000_000L);
  }

  @Test
  void aBodyChangedAfterSigningOrAnotherSecretOrAnOldTimestampFails() {
    long ts = RECEIVED / 1_000_000;
    Buffer body = body();
    String signature = WebhookSignature.sign(SECRET, ts, body.getBytes());
    Buffer changed = body.copy().appendString(" ");
    assertThat(WebhookReceiver.delivery(0, SECRET, headers(signature, ts), changed, RECEIVED, 0).signatureOk()).isFalse();
    assertThat(WebhookReceiver.delivery(0, WebhookSignature.newSecret(), headers(signature, ts), body, RECEIVED, 0).signatureOk())
        .isFalse();
    long old = ts - WebhookReceiver.TOLERANCE_SECONDS - 1;
    assertThat(WebhookReceiver.delivery(0, SECRET, headers(WebhookSignature.sign(SECRET, old, body.getBytes()), old), body,
        RECEIVED, 0).signatureOk()).isFalse();
    assertThat(WebhookReceiver.delivery(0, null, headers(signature, ts), body, RECEIVED, 0).signatureOk()).isFalse();
  }
}
