package io.talkmesh.common.operation;

import io.talkmesh.common.event.EventPage;
import io.talkmesh.common.model.ActiveWebhooks;
import io.talkmesh.common.model.Agent;
import io.talkmesh.common.model.Chat;
import io.talkmesh.common.model.Customer;
import io.talkmesh.common.model.Message;
import io.talkmesh.common.model.MessageWindow;
import io.talkmesh.common.model.Page;
import io.talkmesh.common.model.Participant;
import io.talkmesh.common.model.Pin;
import io.talkmesh.common.model.WebhookDelivery;
import io.talkmesh.common.model.WebhookEndpoint;
import io.talkmesh.common.model.WebhookParked;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.function.Function;

/** The response codecs of the catalogue, one per shape. */
public final class Codecs {
  public static final Codec<Agent> AGENT = object("Agent", Agent::toJson, Agent::fromJson);
  public static final Codec<Chat> CHAT = object("Chat", Chat::toJson, Chat::fromJson);
  public static final Codec<Participant> PARTICIPANT = object("Participant", Participant::toJson, Participant::fromJson);
  public static final Codec<Message> MESSAGE = object("Message", Message::toJson, Message::fromJson);
  public static final Codec<Page<Agent>> AGENT_PAGE = page(AGENT, Agent::toJson, Agent::fromJson);
  public static final Codec<Page<Chat>> CHAT_PAGE = page(CHAT, Chat::toJson, Chat::fromJson);
  public static final Codec<Page<Message>> MESSAGE_PAGE = page(MESSAGE, Message::toJson, Message::fromJson);
  public static final Codec<io.talkmesh.common.auth.AccessState> ACCESS_STATE = object("AccessState",
      io.talkmesh.common.auth.AccessState::toJson, io.talkmesh.common.auth.AccessState::fromJson);
  public static final Codec<io.talkmesh.common.request.presence.SessionsReply> SESSIONS_REPLY = object("SessionsReply",
      io.talkmesh.common.request.presence.SessionsReply::toJson, io.talkmesh.common.request.presence.SessionsReply::fromJson);
  public static final Codec<EventPage> EVENT_PAGE = object("EventPage", EventPage::toJson, EventPage::fromJson);
  public static final Codec<List<Participant>> PARTICIPANTS = new Codec<>("Participant[]", list -> {
    JsonArray array = new JsonArray();
    list.forEach(p -> array.add(p.toJson()));
    return array;
  }, data -> ((JsonArray) data).stream().map(o -> Participant.fromJson((JsonObject) o)).toList());
  public static final Codec<io.talkmesh.common.model.ReadState> READ_STATE = object("ReadState",
      io.talkmesh.common.model.ReadState::toJson, io.talkmesh.common.model.ReadState::fromJson);
  public static final Codec<Pin> PIN = object("Pin", Pin::toJson, Pin::fromJson);
  public static final Codec<Page<Pin>> PIN_PAGE = page(PIN, Pin::toJson, Pin::fromJson);
  public static final Codec<MessageWindow> MESSAGE_WINDOW = object("MessageWindow", MessageWindow::toJson,
      MessageWindow::fromJson);
  public static final Codec<Customer> CUSTOMER = object("Customer", Customer::toJson, Customer::fromJson);
  public static final Codec<Page<Customer>> CUSTOMER_PAGE = page(CUSTOMER, Customer::toJson, Customer::fromJson);
  /** An endpoint as every read shows it: never its secret, whatever the handler returned. */
  public static final Codec<WebhookEndpoint> WEBHOOK_ENDPOINT = object("WebhookEndpoint",
      e -> e.withoutSecret().toJson(), WebhookEndpoint::fromJson);
  /** An endpoint with its secret: the answers of create and rotation only. */
  public static final Codec<WebhookEndpoint> WEBHOOK_ENDPOINT_WITH_SECRET = object("WebhookEndpointWithSecret",
      WebhookEndpoint::toJson, WebhookEndpoint::fromJson);
  public static final Codec<Page<WebhookEndpoint>> WEBHOOK_ENDPOINT_PAGE = page(WEBHOOK_ENDPOINT,
      e -> e.withoutSecret().toJson(), WebhookEndpoint::fromJson);
  public static final Codec<WebhookDelivery> WEBHOOK_DELIVERY = object("WebhookDelivery", WebhookDelivery::toJson,
      WebhookDelivery::fromJson);
  public static final Codec<Page<WebhookDelivery>> WEBHOOK_DELIVERY_PAGE = page(WEBHOOK_DELIVERY,
      WebhookDelivery::toJson, WebhookDelivery::fromJson);
  public static final Codec<io.talkmesh.common.request.webhook.DeliveriesRecorded> DELIVERIES_RECORDED = object(
      "DeliveriesRecorded", io.talkmesh.common.request.webhook.DeliveriesRecorded::toJson,
      io.talkmesh.common.request.webhook.DeliveriesRecorded::fromJson);
  public static final Codec<WebhookParked> WEBHOOK_PARKED = object("WebhookParked", WebhookParked::toJson,
      WebhookParked::fromJson);
  public static final Codec<Page<WebhookParked>> WEBHOOK_PARKED_PAGE = page(WEBHOOK_PARKED, WebhookParked::toJson,
      WebhookParked::fromJson);
  public static final Codec<ActiveWebhooks> ACTIVE_WEBHOOKS = object("ActiveWebhooks", ActiveWebhooks::toJson,
      ActiveWebhooks::fromJson);

  private Codecs() {
  }

  /** A response that is already wire JSON (the older Chat API's shapes, the event-log page). */
  public static Codec<JsonObject> json(String schema) {
    return new Codec<>(schema, json -> json, data -> (JsonObject) data);
  }

  /** A page of JSON objects already in wire shape. */
  public static Codec<Page<JsonObject>> jsonPage(String schema) {
    return new Codec<>("Page<" + schema + ">", page -> page.toJson(json -> json),
        data -> Page.fromJson((JsonObject) data, json -> json));
  }

  /** A JSON array already in wire shape (the talks API's participant list). */
  public static Codec<JsonArray> jsonArray(String schema) {
    return new Codec<>(schema + "[]", array -> array, data -> (JsonArray) data);
  }

  private static <T> Codec<T> object(String schema, Function<T, JsonObject> encode, Function<JsonObject, T> decode) {
    return new Codec<>(schema, encode::apply, data -> decode.apply((JsonObject) data));
  }

  private static <T> Codec<Page<T>> page(Codec<T> item, Function<T, JsonObject> encode, Function<JsonObject, T> decode) {
    return new Codec<>("Page<" + item.schema() + ">", page -> page.toJson(encode),
        data -> Page.fromJson((JsonObject) data, decode));
  }
}
