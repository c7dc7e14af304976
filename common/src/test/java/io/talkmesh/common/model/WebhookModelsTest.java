package io.talkmesh.common.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.talkmesh.common.operation.Codecs;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The JSON of webhook endpoints and of the active lookup, and where the secret appears. */
class WebhookModelsTest {
  private static final Instant T = Instant.parse("2026-01-17T10:30:00.123456Z");
  private static final WebhookEndpoint ENDPOINT = new WebhookEndpoint(UUID.randomUUID(), UUID.randomUUID(),
      "https://hooks.acme.test/talk", List.of("chatmessage_created"), "CRM", true, "whsec_abc", T, T, null);

  @Test
  void theSecretIsWrittenOnlyByTheCodecOfCreateAndRotation() {
    JsonObject shown = (JsonObject) Codecs.WEBHOOK_ENDPOINT_WITH_SECRET.encodeValue(ENDPOINT);
    JsonObject read = (JsonObject) Codecs.WEBHOOK_ENDPOINT.encodeValue(ENDPOINT);
    assertThat(shown.getString("secret")).isEqualTo("whsec_abc");
    assertThat(read.containsKey("secret")).as("a read never shows the secret: %s", read).isFalse();
    assertThat(read.getString("tm_create")).isEqualTo("2026-01-17 10:30:00.123456");
    assertThat(read.getString("tm_delete")).isEmpty();
    assertThat(WebhookEndpoint.fromJson(shown)).isEqualTo(ENDPOINT);
    assertThat(WebhookEndpoint.fromJson(read)).isEqualTo(ENDPOINT.withoutSecret());
  }

  @Test
  void activeWebhooksRoundTripWithAndWithoutTheCustomersWebhook() {
    ActiveWebhooks.Endpoint all = new ActiveWebhooks.Endpoint(UUID.randomUUID(), "https://a.test/", Set.of(), "whsec_1");
    ActiveWebhooks.Endpoint some = new ActiveWebhooks.Endpoint(UUID.randomUUID(), "https://b.test/",
        Set.of("chat_created", "chat_deleted"), "whsec_2");
    ActiveWebhooks with = new ActiveWebhooks(UUID.randomUUID(), List.of(all, some),
        new ActiveWebhooks.CustomerWebhook("POST", "https://crm.test/h"));
    ActiveWebhooks without = new ActiveWebhooks(UUID.randomUUID(), List.of(), null);
    assertThat(ActiveWebhooks.fromJson(with.toJson())).isEqualTo(with);
    assertThat(ActiveWebhooks.fromJson(without.toJson())).isEqualTo(without);
    assertThat(without.toJson().containsKey("customer_webhook")).as("null, not absent").isTrue();
    assertThat(all.wants("chatmessage_created")).isTrue();
    assertThat(some.wants("chatmessage_created")).isFalse();
    assertThat(some.wants("chat_deleted")).isTrue();
  }
}
