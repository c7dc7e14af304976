package io.talkmesh.common.model;

import io.talkmesh.common.json.Timestamps;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A customer (a tenant: its agents, chats and messages are its own), in VoIPBIN's {@code CustomerManagerCustomer}
 * shape. Besides what talk-mesh stores, the JSON carries VoIPBIN's account fields with the values that are true of a
 * talk-mesh customer: {@code status} {@code active} (or {@code deleted}), {@code email_verified} false (nothing
 * verifies an email), {@code identity_verification_status} {@code none}, {@code metadata} {@code rtp_debug} false.
 */
public record Customer(UUID id, String name, String detail, String email, String phoneNumber, String address,
                       String webhookMethod, String webhookUri, Instant tmCreate, Instant tmUpdate, Instant tmDelete) {
  /**
   * The platform customer: the one the platform operator ({@code TALK_PLATFORM_ADMIN_USERNAME}) belongs to. A fixed
   * id, so that every talk-manager instance makes the same one and nobody can make another.
   */
  public static final UUID PLATFORM_ID = UUID.fromString("00000000-0000-0000-0000-000000000001");
  /** VoIPBIN's {@code CustomerManagerCustomerWebhookMethod}: "" (none), POST, GET, PUT, DELETE. */
  public static final List<String> WEBHOOK_METHODS = List.of("", "POST", "GET", "PUT", "DELETE");

  public boolean deleted() {
    return tmDelete != null;
  }

  public boolean platform() {
    return PLATFORM_ID.equals(id);
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id.toString())
        .put("name", name)
        .put("detail", detail)
        .put("email", email)
        .put("phone_number", phoneNumber)
        .put("address", address)
        .put("webhook_method", webhookMethod)
        .put("webhook_uri", webhookUri)
        .put("metadata", new JsonObject().put("rtp_debug", false))
        .put("email_verified", false)
        .put("status", deleted() ? "deleted" : "active")
        .put("identity_verification_status", "none")
        .put("tm_create", Timestamps.format(tmCreate))
        .put("tm_update", Timestamps.format(tmUpdate))
        .put("tm_delete", Timestamps.format(tmDelete));
  }

  public static Customer fromJson(JsonObject json) {
    return new Customer(UUID.fromString(json.getString("id")), json.getString("name", ""),
        json.getString("detail", ""), json.getString("email", ""), json.getString("phone_number", ""),
        json.getString("address", ""), json.getString("webhook_method", ""), json.getString("webhook_uri", ""),
        Timestamps.parse(json.getString("tm_create")), Timestamps.parse(json.getString("tm_update")),
        Timestamps.parse(json.getString("tm_delete")));
  }
}
