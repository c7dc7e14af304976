package io.talkmesh.common.asyncapi;

import io.talkmesh.common.event.EventType;
import io.talkmesh.common.operation.Caller;
import io.talkmesh.common.operation.Operation;
import io.talkmesh.common.operation.Operations;
import io.talkmesh.common.operation.Param;
import io.talkmesh.common.operation.RequestFields;
import io.talkmesh.common.push.PushFrames;
import io.talkmesh.common.push.ResumeFrames;
import io.talkmesh.common.talks.TalksJson;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds the AsyncAPI 3.0 document of talk-mesh's broker contract and WebSocket protocol from the code: the
 * hand-written frame {@value #BASE} (servers, channels, envelopes, control frames), one RPC operation with its
 * request and reply messages per entry of {@link Operations#ALL}, one event message and one event frame per
 * {@link EventType} (and the talks API's frames, named by {@link TalksJson#eventName}), and the close codes; the
 * resource schemas it names (Chat, Message, Pin, ...) are copied from the OpenAPI document's components, so a shape
 * is written once. A new operation or event type appears in the document without an edit here, except its payload
 * schema: the switches below do not compile until it has one.
 */
public final class AsyncApiDocument {
  public static final String BASE = "asyncapi/base.json";
  public static final String SCHEMAS = "#/components/schemas/";
  public static final String RPC_REQUESTS = "rpcRequests";
  public static final String RPC_REPLIES = "rpcReplies";
  public static final String EVENTS = "events";
  public static final String PUSH = "push";
  /** The operations of the push channel, in the base document; the event frames are added to the server's. */
  public static final String CLIENT_FRAMES = "push.clientFrames";
  public static final String SERVER_FRAMES = "push.serverFrames";
  public static final String PUBLISH_EVENTS = "events.publish";
  /** The prefix of the talks API's frames among the push channel's messages (their names clash with Talk ones). */
  public static final String TALKS_FRAME = "talks.";
  public static final String CLOSE_CODES = "x-close-codes";

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\w+)}");
  private static final Pattern REF = Pattern.compile(Pattern.quote(SCHEMAS) + "([\\w.-]+)");

  /** The close codes push-service uses, with the reason it writes and what the client should do. */
  private record CloseCode(int code, String reason, String then) {
  }

  private static final List<CloseCode> CLOSE = List.of(
      new CloseCode(PushFrames.CLOSE_SERVICE_RESTART, PushFrames.CLOSE_SERVICE_RESTART_REASON,
          "reconnect (any instance) and resume: the instance stopped, or lost its broker connection"),
      new CloseCode(ResumeFrames.CLOSE_TRY_AGAIN, ResumeFrames.CLOSE_TRY_AGAIN_REASON,
          "back off, reconnect and resume (talk-manager did not answer the event log)"),
      new CloseCode(ResumeFrames.CLOSE_IDLE, ResumeFrames.CLOSE_IDLE_REASON, "reconnect and resume"),
      new CloseCode(PushFrames.CLOSE_TOKEN_EXPIRED, PushFrames.CLOSE_TOKEN_EXPIRED_REASON,
          "log in again (or use the fresh token), reconnect and resume"),
      new CloseCode(PushFrames.CLOSE_ACCESS_CHANGED, PushFrames.CLOSE_ACCESS_REVOKED_REASON + " / "
          + PushFrames.CLOSE_PERMISSION_CHANGED_REASON,
          "the agent was deleted or its password changed (log in again), or its permission lost a bit (reconnect)"),
      new CloseCode(PushFrames.CLOSE_SLOW_CONSUMER, PushFrames.CLOSE_SLOW_CONSUMER_REASON, "reconnect and resume"));

  private AsyncApiDocument() {
  }

  /**
   * The document, its resource schemas taken from {@code openApi} (an OpenAPI 3.0 document whose schemas are plain
   * JSON Schema: it uses no {@code nullable}); fails when a schema it names is in neither document.
   */
  public static JsonObject build(JsonObject openApi) {
    JsonObject doc = base();
    Operations.ALL.forEach(op -> addOperation(doc, op));
    for (EventType type : EventType.values()) {
      addEvent(doc, type);
    }
    channel(doc, PUSH).put(CLOSE_CODES, closeCodes());
    copySchemas(doc, openApi.getJsonObject("components").getJsonObject("schemas"));
    return doc;
  }

  private static JsonObject base() {
    try (InputStream in = AsyncApiDocument.class.getClassLoader().getResourceAsStream(BASE)) {
      if (in == null) {
        throw new IllegalStateException("classpath resource " + BASE + " is missing");
      }
      return new JsonObject(io.vertx.core.buffer.Buffer.buffer(in.readAllBytes()));
    } catch (IOException e) {
      throw new UncheckedIOException("could not read " + BASE, e);
    }
  }

  // ---- RPC

  private static void addOperation(JsonObject doc, Operation<?, ?> op) {
    String request = op.name() + ".request";
    String reply = op.name() + ".reply";
    String title = op.method() + " " + op.path();
    channel(doc, RPC_REQUESTS).getJsonObject("messages").put(request, new JsonObject()
        .put("name", request)
        .put("title", title)
        .put("summary", op.summary())
        .put("description", requestDescription(op))
        .put("headers", ref("RpcHeaders"))
        .put("correlationId", location("correlation_id"))
        .put("payload", requestPayload(op)));
    channel(doc, RPC_REPLIES).getJsonObject("messages").put(reply, new JsonObject()
        .put("name", reply)
        .put("title", title + " → " + op.response().schema())
        .put("headers", ref("RpcReplyHeaders"))
        .put("correlationId", location("correlation_id"))
        .put("payload", replyPayload(op)));
    doc.getJsonObject("operations").put(op.name(), new JsonObject()
        .put("action", "receive")
        .put("channel", new JsonObject().put("$ref", "#/channels/" + RPC_REQUESTS))
        .put("title", title)
        .put("summary", op.summary())
        .put("description", requestDescription(op))
        .put("messages", new JsonArray().add(channelMessage(RPC_REQUESTS, request)))
        .put("reply", new JsonObject()
            .put("address", new JsonObject().put("location", "$message.header#/reply_to")
                .put("description", "The request's reply_to."))
            .put("channel", new JsonObject().put("$ref", "#/channels/" + RPC_REPLIES))
            .put("messages", new JsonArray().add(channelMessage(RPC_REPLIES, reply))))
        .put("x-method", op.method())
        .put("x-path", op.path())
        .put("x-caller", op.caller().name().toLowerCase(java.util.Locale.ROOT))
        .put("x-response", op.response().schema()));
  }

  private static String requestDescription(Operation<?, ?> op) {
    String caller = switch (op.caller()) {
      case ANYONE -> "anyone: no actor";
      case AGENT -> "an agent: `actor` required (else 401 ACTOR_REQUIRED); the domain checks its rights";
      case SERVICE -> "services of the mesh, without an actor; no public route";
    };
    StringBuilder text = new StringBuilder("`").append(op.method()).append(' ').append(op.path())
        .append("`. Caller: ").append(caller).append('.');
    if (!op.query().isEmpty()) {
      text.append(" Query: ");
      for (int i = 0; i < op.query().size(); i++) {
        Param p = op.query().get(i);
        text.append(i == 0 ? "" : ", ").append('`').append(p.name()).append("` (")
            .append(p.type().name().toLowerCase(java.util.Locale.ROOT)).append(')');
      }
      text.append('.');
    }
    text.append(op.body() ? " Reads `data`." : " Reads no body.")
        .append(" Answers ").append(op.response().schema()).append('.');
    return text.toString();
  }

  private static JsonObject requestPayload(Operation<?, ?> op) {
    JsonObject properties = new JsonObject()
        .put("method", new JsonObject().put("const", op.method()))
        .put("uri", new JsonObject().put("type", "string").put("pattern", uriPattern(op)));
    JsonArray required = new JsonArray();
    if (op.body()) {
      properties.put("data", bodySchema(op.requestType()));
    }
    if (op.caller() == Caller.AGENT) {
      required.add("actor");
    }
    JsonObject specific = new JsonObject().put("properties", properties);
    if (!required.isEmpty()) {
      specific.put("required", required);
    }
    return new JsonObject().put("allOf", new JsonArray().add(ref("RpcRequest")).add(specific));
  }

  /** The operation's path as a pattern of the envelope's uri: each placeholder one segment, any query after it. */
  static String uriPattern(Operation<?, ?> op) {
    StringBuilder pattern = new StringBuilder("^");
    Matcher m = PLACEHOLDER.matcher(op.path());
    int last = 0;
    while (m.find()) {
      pattern.append(literal(op.path().substring(last, m.start()))).append("[^/?]+");
      last = m.end();
    }
    pattern.append(literal(op.path().substring(last)));
    return pattern.append(op.query().isEmpty() ? "$" : "(\\?.*)?$").toString();
  }

  private static String literal(String text) {
    return text.replaceAll("([\\\\^$.|?*+()\\[\\]{}])", "\\\\$1");
  }

  /**
   * The body of a request record as the catalogue maps it ({@link RequestFields}): one property per body field, typed
   * from the component's Java type. A record that writes its own body ({@code toBody}) keeps the names, untyped:
   * their wire shape is its own (the OpenAPI document has it for public routes).
   */
  private static JsonObject bodySchema(Class<?> requestType) {
    boolean ownShape = declaresToBody(requestType);
    JsonObject properties = new JsonObject();
    for (RequestFields.Field field : RequestFields.of(requestType).fields()) {
      if (field.place() == RequestFields.Place.BODY) {
        properties.put(field.name(), ownShape ? new JsonObject() : typeOf(field.component()));
      }
    }
    return new JsonObject().put("type", "object").put("properties", properties);
  }

  private static boolean declaresToBody(Class<?> type) {
    try {
      type.getDeclaredMethod("toBody");
      return true;
    } catch (NoSuchMethodException e) {
      return false;
    }
  }

  private static JsonObject typeOf(RecordComponent component) {
    return typeOf(component.getType(), component.getGenericType());
  }

  private static JsonObject typeOf(Class<?> type, Type generic) {
    if (type == UUID.class) {
      return ref("Uuid");
    }
    if (type == String.class || type.isEnum()) {
      return new JsonObject().put("type", "string");
    }
    if (type == int.class || type == long.class || type == Integer.class || type == Long.class) {
      return new JsonObject().put("type", "integer");
    }
    if (type == boolean.class || type == Boolean.class) {
      return new JsonObject().put("type", "boolean");
    }
    if (type == JsonArray.class) {
      return new JsonObject().put("type", "array");
    }
    if (Collection.class.isAssignableFrom(type)) {
      JsonObject array = new JsonObject().put("type", "array");
      if (generic instanceof ParameterizedType p && p.getActualTypeArguments()[0] instanceof Class<?> item) {
        array.put("items", typeOf(item, item));
      }
      return array;
    }
    if (type.isRecord()) {
      return bodySchema(type);
    }
    return new JsonObject().put("type", "object");
  }

  private static JsonObject replyPayload(Operation<?, ?> op) {
    JsonObject success = new JsonObject().put("allOf", new JsonArray().add(ref("RpcReply")).add(new JsonObject()
        .put("required", new JsonArray().add("data"))
        .put("properties", new JsonObject()
            .put("status_code", new JsonObject().put("type", "integer").put("maximum", 399))
            .put("data", schemaOf(op.response().schema())))));
    return new JsonObject().put("oneOf", new JsonArray().add(success).add(ref("RpcErrorReply")));
  }

  /** A codec's schema name as a schema: {@code X}, {@code Page<X>} (the component XPage), {@code X[]}. */
  public static JsonObject schemaOf(String name) {
    if (name.startsWith("Page<") && name.endsWith(">")) {
      return ref(name.substring("Page<".length(), name.length() - 1) + "Page");
    }
    if (name.endsWith("[]")) {
      return new JsonObject().put("type", "array").put("items", schemaOf(name.substring(0, name.length() - 2)));
    }
    return ref(name);
  }

  // ---- events and their frames

  private static void addEvent(JsonObject doc, EventType type) {
    String wire = type.wire();
    channel(doc, EVENTS).getJsonObject("messages").put(wire, new JsonObject()
        .put("name", wire)
        .put("title", wire)
        .put("summary", summary(type))
        .put("headers", ref("EventHeaders"))
        .put("payload", new JsonObject().put("allOf", new JsonArray().add(ref("EventEnvelope")).add(new JsonObject()
            .put("properties", new JsonObject()
                .put("type", new JsonObject().put("const", wire))
                .put("data", data(type))))))
        .put("x-stream", type.agentStream() ? "agent" : type.internal() ? "webhook endpoint" : "chat"));
    channel(doc, EVENTS).getJsonObject("parameters").getJsonObject("event_type")
        .put("enum", channel(doc, EVENTS).getJsonObject("parameters").getJsonObject("event_type")
            .getJsonArray("enum", new JsonArray()).add(wire));
    doc.getJsonObject("operations").getJsonObject(PUBLISH_EVENTS).getJsonArray("messages")
        .add(channelMessage(EVENTS, wire));
    if (type.presence() || type.internal()) {
      return; // presence changes reach WebSocket clients as presence frames; internal events reach none
    }
    addFrame(doc, wire, eventFrame(wire, summary(type), data(type)));
    Set<String> talksNames = new LinkedHashSet<>();
    for (JsonObject sample : List.of(new JsonObject(), reactionChange(TalksJson.ADDED), reactionChange(TalksJson.REMOVED))) {
      talksNames.add(TalksJson.eventName(type, sample));
    }
    for (String name : talksNames) {
      addFrame(doc, TALKS_FRAME + name, eventFrame(name, "talks API (`?events=talks`): " + wire, talksData(type)));
    }
  }

  private static JsonObject reactionChange(String action) {
    return new JsonObject().put(TalksJson.REACTION_CHANGE, new JsonObject().put(TalksJson.ACTION, action));
  }

  private static JsonObject eventFrame(String type, String summary, JsonObject data) {
    return new JsonObject()
        .put("name", type)
        .put("title", type + " (server)")
        .put("summary", summary)
        .put("payload", new JsonObject().put("type", "object")
            .put("required", new JsonArray().add("type").add("seq").add("data"))
            .put("properties", new JsonObject()
                .put("type", new JsonObject().put("const", type))
                .put("seq", new JsonObject().put("type", "integer").put("minimum", 1)
                    .put("description", "The stream's event number (per chat; per agent for chat_read)."))
                .put("data", data)));
  }

  private static void addFrame(JsonObject doc, String key, JsonObject message) {
    channel(doc, PUSH).getJsonObject("messages").put(key, message);
    doc.getJsonObject("operations").getJsonObject(SERVER_FRAMES).getJsonArray("messages")
        .add(channelMessage(PUSH, key));
  }

  private static String summary(EventType type) {
    return switch (type) {
      case CHAT_CREATED -> "A chat was created (after its participants' chatparticipant_added).";
      case CHAT_UPDATED -> "A chat was renamed or changed; `status` when it was closed or reopened.";
      case CHAT_DELETED -> "A chat was soft-deleted.";
      case CHATPARTICIPANT_ADDED -> "An agent joined or was added to a chat.";
      case CHATPARTICIPANT_REMOVED -> "A participant left or was removed.";
      case CHATMESSAGE_CREATED -> "A message was sent.";
      case CHATMESSAGE_UPDATED -> "Its author edited a message.";
      case CHATMESSAGE_DELETED -> "A message was soft-deleted (its content blanked).";
      case CHATMESSAGE_REACTION_UPDATED -> "A reaction was added or removed; the whole message plus reaction_change.";
      case CHATPARTICIPANT_READ -> "A direct chat's read receipt: a participant's new read pointer, no counts.";
      case CHAT_READ -> "The agent's own new read state of a chat (agent stream: its other sessions clear badges).";
      case CHATMESSAGE_PINNED -> "A message was pinned; the pin, message included.";
      case CHATMESSAGE_UNPINNED -> "A pin was removed; the pin as it was.";
      case AGENT_PRESENCE_UPDATED -> "An agent went online or offline, or changed its status while online (agent "
          + "stream; push-service shows it as presence frames).";
      case WEBHOOK_REPLAY_REQUESTED -> "An admin asked to replay a parked webhook event (endpoint stream; for"
          + " webhook-service only: never a WebSocket frame, never delivered to an endpoint).";
    };
  }

  /** An event's data: the resource, in the same JSON as the HTTP API. */
  private static JsonObject data(EventType type) {
    return switch (type) {
      case CHAT_CREATED, CHAT_DELETED -> ref("Chat");
      case CHAT_UPDATED -> with(ref("Chat"), "status", new JsonObject().put("type", "string")
          .put("enum", new JsonArray().add(TalksJson.ACTIVE).add(TalksJson.CLOSED)));
      case CHATPARTICIPANT_ADDED, CHATPARTICIPANT_REMOVED -> ref("Participant");
      case CHATMESSAGE_CREATED, CHATMESSAGE_UPDATED, CHATMESSAGE_DELETED -> ref("Message");
      case CHATMESSAGE_REACTION_UPDATED -> with(ref("Message"), TalksJson.REACTION_CHANGE, ref("ReactionChange"));
      case CHATPARTICIPANT_READ -> ref("ReadReceipt");
      case CHAT_READ -> ref("ReadState");
      case CHATMESSAGE_PINNED, CHATMESSAGE_UNPINNED -> ref("Pin");
      case AGENT_PRESENCE_UPDATED -> ref("Presence");
      case WEBHOOK_REPLAY_REQUESTED -> ref("WebhookReplayRequested");
    };
  }

  /** An event's data as the talks API's frames carry it (docs/websocket.md, "Talks API event names"). */
  private static JsonObject talksData(EventType type) {
    JsonObject talkId = ref("Uuid");
    return switch (type) {
      case CHAT_CREATED, CHAT_UPDATED, CHAT_DELETED -> ref("TalkFrameTalk");
      case CHATPARTICIPANT_ADDED, CHATPARTICIPANT_REMOVED -> ref("TalkParticipant");
      case CHATMESSAGE_CREATED, CHATMESSAGE_UPDATED, CHATMESSAGE_DELETED -> ref("TalkMessage");
      case CHATMESSAGE_REACTION_UPDATED -> with(ref("TalkMessage"), "reaction", new JsonObject().put("type", "object")
          .put("properties", new JsonObject().put("emoji", new JsonObject().put("type", "string"))
              .put("owner_type", new JsonObject().put("type", "string")).put("owner_id", ref("Uuid"))));
      case CHATPARTICIPANT_READ -> with(ref("ReadReceipt"), "talk_id", talkId);
      case CHAT_READ -> with(ref("ReadState"), "talk_id", talkId);
      case CHATMESSAGE_PINNED, CHATMESSAGE_UNPINNED -> with(with(ref("Pin"), "talk_id", talkId), "message",
          ref("TalkMessage"));
      case AGENT_PRESENCE_UPDATED -> ref("Presence");
      case WEBHOOK_REPLAY_REQUESTED -> ref("WebhookReplayRequested");
    };
  }

  /** A schema and one more property of it. */
  private static JsonObject with(JsonObject schema, String property, JsonObject propertySchema) {
    JsonObject extra = new JsonObject().put("properties", new JsonObject().put(property, propertySchema));
    if (schema.containsKey("allOf")) {
      return schema.copy().put("allOf", schema.getJsonArray("allOf").copy().add(extra));
    }
    return new JsonObject().put("allOf", new JsonArray().add(schema).add(extra));
  }

  private static JsonArray closeCodes() {
    JsonArray codes = new JsonArray();
    CLOSE.forEach(c -> codes.add(new JsonObject().put("code", c.code()).put("reason", c.reason())
        .put("then", c.then())));
    return codes;
  }

  // ---- schemas

  /** Copies every schema the document names and lacks from the OpenAPI components, and those they name. */
  private static void copySchemas(JsonObject doc, JsonObject openApiSchemas) {
    JsonObject schemas = doc.getJsonObject("components").getJsonObject("schemas");
    Deque<String> wanted = new ArrayDeque<>(referencedSchemas(doc));
    while (!wanted.isEmpty()) {
      String name = wanted.pop();
      if (schemas.containsKey(name)) {
        continue;
      }
      JsonObject schema = openApiSchemas.getJsonObject(name);
      if (schema == null) {
        throw new IllegalStateException("schema " + name + " is in neither " + BASE + " nor the OpenAPI document");
      }
      schemas.put(name, schema.copy());
      wanted.addAll(referencedSchemas(schema));
    }
  }

  /** The component schemas a JSON value refers to. */
  public static Set<String> referencedSchemas(JsonObject json) {
    Set<String> names = new LinkedHashSet<>();
    Matcher m = REF.matcher(json.encode());
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }

  private static JsonObject channel(JsonObject doc, String name) {
    return doc.getJsonObject("channels").getJsonObject(name);
  }

  private static JsonObject channelMessage(String channel, String message) {
    return new JsonObject().put("$ref", "#/channels/" + channel + "/messages/" + message);
  }

  private static JsonObject location(String header) {
    return new JsonObject().put("location", "$message.header#/" + header);
  }

  private static JsonObject ref(String schema) {
    return new JsonObject().put("$ref", SCHEMAS + schema);
  }
}
