package io.talkmesh.common.operation;

import static org.assertj.core.api.Assertions.assertThat;

import io.talkmesh.common.error.TalkException;
import io.talkmesh.common.json.PageRequest;
import io.talkmesh.common.model.Actor;
import io.talkmesh.common.model.ChatType;
import io.talkmesh.common.request.ById;
import io.talkmesh.common.request.ByIdPaged;
import io.talkmesh.common.request.NoInput;
import io.talkmesh.common.request.Paged;
import io.talkmesh.common.request.agent.CreateAgent;
import io.talkmesh.common.request.agent.SetMyPassword;
import io.talkmesh.common.request.agent.SetMyStatus;
import io.talkmesh.common.request.agent.SetPassword;
import io.talkmesh.common.request.agent.SetPermission;
import io.talkmesh.common.request.agent.SetStatus;
import io.talkmesh.common.request.agent.UpdateAgent;
import io.talkmesh.common.request.agent.UpdateMe;
import io.talkmesh.common.request.agent.Login;
import io.talkmesh.common.request.chat.CreateChat;
import io.talkmesh.common.request.chat.MarkRead;
import io.talkmesh.common.request.chat.UpdateChat;
import io.talkmesh.common.request.customer.CreateCustomer;
import io.talkmesh.common.request.customer.UpdateCustomer;
import io.talkmesh.common.request.customer.UpdateMyCustomer;
import io.talkmesh.common.request.eventlog.EventsAfter;
import io.talkmesh.common.request.legacy.AddChatParticipant;
import io.talkmesh.common.request.legacy.ChangeRoomOwner;
import io.talkmesh.common.request.legacy.CreateChatroom;
import io.talkmesh.common.request.legacy.CreateLegacyChat;
import io.talkmesh.common.request.legacy.ListChatroomMessages;
import io.talkmesh.common.request.legacy.ListChatrooms;
import io.talkmesh.common.request.legacy.SendChatmessage;
import io.talkmesh.common.request.legacy.SendChatroommessage;
import io.talkmesh.common.request.message.EditMessage;
import io.talkmesh.common.request.message.ListMessages;
import io.talkmesh.common.request.message.MessagesAround;
import io.talkmesh.common.request.message.React;
import io.talkmesh.common.request.message.SendMessage;
import io.talkmesh.common.request.message.Unreact;
import io.talkmesh.common.request.participant.AddParticipant;
import io.talkmesh.common.request.participant.RemoveParticipant;
import io.talkmesh.common.request.pin.PinMessage;
import io.talkmesh.common.request.pin.PinRef;
import io.talkmesh.common.request.search.SearchMessages;
import io.talkmesh.common.request.talks.AddTalkParticipant;
import io.talkmesh.common.request.talks.CreateTalk;
import io.talkmesh.common.request.talks.EditTalkMessage;
import io.talkmesh.common.request.talks.TalkMessageRef;
import io.talkmesh.common.request.talks.SendTalkMessage;
import io.talkmesh.common.request.talks.UpdateTalk;
import io.talkmesh.common.rpc.RpcRequest;
import io.talkmesh.common.rpc.RpcRouter;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The catalogue agrees with its request records, and every request survives the client's encoding and the decoder. */
class OperationsTest {
  private static final UUID A = UUID.randomUUID();
  private static final UUID B = UUID.randomUUID();
  private static final PageRequest PAGE = PageRequest.of("7",
      PageRequest.tokenAfter(Instant.parse("2026-12-02T10:00:00.123456Z"), B));
  private static final JsonArray MEDIAS = new JsonArray().add(new JsonObject().put("type", "link").put("link_url", "u"));
  private static final Actor ACTOR = Actor.agent(UUID.randomUUID(), UUID.randomUUID(), 1);

  /** A request of each type, every component set. */
  private static final Map<Class<?>, Request> SAMPLES = Map.ofEntries(
      Map.entry(Login.class, new Login("alice", "secret", "10.0.0.1")),
      Map.entry(CreateAgent.class, new CreateAgent("bob", "secret", "Bob", "desk 4", 32, "linear")),
      Map.entry(UpdateAgent.class, new UpdateAgent(A, "Bob", "desk 5", "ringall")),
      Map.entry(UpdateMe.class, new UpdateMe("Me", null, "linear")),
      Map.entry(SetPassword.class, new SetPassword(A, "new-secret")),
      Map.entry(SetMyPassword.class, new SetMyPassword("my-secret")),
      Map.entry(SetPermission.class, new SetPermission(A, 240)),
      Map.entry(SetStatus.class, new SetStatus(A, "away")),
      Map.entry(io.talkmesh.common.request.presence.ReportSessions.class,
          new io.talkmesh.common.request.presence.ReportSessions(A, 15_000, false, List.of(B), List.of(A))),
      Map.entry(SetMyStatus.class, new SetMyStatus("busy")),
      Map.entry(Paged.class, new Paged(PAGE)),
      Map.entry(ById.class, new ById(A)),
      Map.entry(ByIdPaged.class, new ByIdPaged(A, PAGE)),
      Map.entry(NoInput.class, NoInput.INSTANCE),
      Map.entry(CreateChat.class, new CreateChat(ChatType.GROUP, "n", "d", List.of(A, B))),
      Map.entry(UpdateChat.class, new UpdateChat(A, "renamed", null)),
      Map.entry(AddParticipant.class, AddParticipant.agent(A, B)),
      Map.entry(RemoveParticipant.class, new RemoveParticipant(A, B)),
      Map.entry(EventsAfter.class, new EventsAfter(A, 42, 10)),
      Map.entry(SendMessage.class, new SendMessage(A, B, "normal", "hi", MEDIAS, List.of(A, B))),
      Map.entry(MarkRead.class, new MarkRead(A, B)),
      Map.entry(ListMessages.class, new ListMessages(A, PAGE)),
      Map.entry(EditMessage.class, new EditMessage(A, "edited")),
      Map.entry(SearchMessages.class, new SearchMessages("deploy & rollback:* | it's", A, B,
          Instant.parse("2026-12-01T10:00:00.123456Z"), Instant.parse("2026-12-02T10:00:00.000001Z"), 7,
          SearchMessages.tokenAt(14))),
      Map.entry(PinMessage.class, new PinMessage(A, B)),
      Map.entry(PinRef.class, new PinRef(A, B)),
      Map.entry(MessagesAround.class, new MessagesAround(A, B.toString(), 0, 100, null)),
      Map.entry(React.class, new React(A, "👍")),
      Map.entry(Unreact.class, new Unreact(A, "👍 &=?")),
      Map.entry(CreateLegacyChat.class, new CreateLegacyChat("group", A, List.of(B), "n", "d")),
      Map.entry(ListChatrooms.class, new ListChatrooms(A, PAGE)),
      Map.entry(ListChatroomMessages.class, new ListChatroomMessages(A, PAGE)),
      Map.entry(SendChatmessage.class, new SendChatmessage(A, new SendChatmessage.Source("agent", B.toString()),
          "normal", "x", MEDIAS)),
      Map.entry(AddChatParticipant.class, new AddChatParticipant(A, B)),
      Map.entry(ChangeRoomOwner.class, new ChangeRoomOwner(A, B)),
      Map.entry(CreateChatroom.class, new CreateChatroom(List.of(A, B), "n", "d")),
      Map.entry(SendChatroommessage.class, new SendChatroommessage(A, "x", MEDIAS)),
      Map.entry(CreateTalk.class, new CreateTalk(ChatType.GROUP, "n", "d", List.of(A, B))),
      Map.entry(UpdateTalk.class, new UpdateTalk(A, "renamed", null, "closed")),
      Map.entry(AddTalkParticipant.class, new AddTalkParticipant(A, B)),
      Map.entry(SendTalkMessage.class, new SendTalkMessage(A, B, "normal", "hi", MEDIAS)),
      Map.entry(TalkMessageRef.class, new TalkMessageRef(A, B)),
      Map.entry(EditTalkMessage.class, new EditTalkMessage(A, B, "edited")),
      Map.entry(CreateCustomer.class, new CreateCustomer("Acme", "d", "a@acme.test", "+14155551234", "street", "POST",
          "https://acme.test/hook", "acme-admin", "secret")),
      Map.entry(UpdateCustomer.class, new UpdateCustomer(A, "Acme+", null, "b@acme.test", "", "1 Road", "", "")),
      Map.entry(UpdateMyCustomer.class, new UpdateMyCustomer("Acme+", "d", null, "+1", "1 Road", "PUT",
          "http://acme.test/h")),
      Map.entry(io.talkmesh.common.request.webhook.CreateWebhookEndpoint.class,
          new io.talkmesh.common.request.webhook.CreateWebhookEndpoint("https://hooks.acme.test/talk",
              List.of("chatmessage_created", "chat_created"), "CRM", false)),
      Map.entry(io.talkmesh.common.request.webhook.UpdateWebhookEndpoint.class,
          new io.talkmesh.common.request.webhook.UpdateWebhookEndpoint(A, null, List.of(), "renamed", true)),
      Map.entry(io.talkmesh.common.request.webhook.ActiveWebhooksOf.class,
          new io.talkmesh.common.request.webhook.ActiveWebhooksOf(B)),
      Map.entry(io.talkmesh.common.request.webhook.RecordDeliveries.class,
          new io.talkmesh.common.request.webhook.RecordDeliveries(List.of(
              new io.talkmesh.common.request.webhook.RecordDeliveries.Attempt(A, B, "chat_created", A, 3L, 2, "failed",
                  503, "HTTP 503", 120, java.time.Instant.parse("2026-01-17T10:30:05Z")),
              new io.talkmesh.common.request.webhook.RecordDeliveries.Attempt(A, B, "chat_read", null, null, 1,
                  "delivered", null, null, 8, null)))),
      Map.entry(io.talkmesh.common.request.webhook.ParkEvent.class,
          new io.talkmesh.common.request.webhook.ParkEvent(A, B, new JsonObject().put("type", "chat_created"),
              "HTTP 503 for 24 h", 17)),
      Map.entry(io.talkmesh.common.request.webhook.ParkedRef.class,
          new io.talkmesh.common.request.webhook.ParkedRef(A, B)));

  @Test
  void everyOperationsRecordNamesExactlyItsPathAndQueryParametersAndHasABodyOnlyWhenItReadsOne() {
    for (Operation<?, ?> op : Operations.ALL) {
      RequestFields fields = RequestFields.of(op.requestType());
      assertThat(Request.class).as(op.name()).isAssignableFrom(op.requestType());
      assertThat(names(fields, RequestFields.Place.PATH)).as("%s path", op.name()).isEqualTo(op.pathParams());
      assertThat(names(fields, RequestFields.Place.QUERY)).as("%s query", op.name())
          .isEqualTo(op.query().stream().map(Param::name).toList());
      if (!op.body()) {
        assertThat(fields.bodyFields()).as("%s reads no body", op.name()).isEmpty();
      }
    }
  }

  @Test
  void everyRequestTravelsThroughTheEnvelopeAndDecodesToItself() {
    for (Operation<?, ?> op : Operations.ALL) {
      Request sample = SAMPLES.get(op.requestType());
      assertThat(sample).as("a sample %s", op.requestType().getSimpleName()).isNotNull();
      assertThat(roundTrip(op, sample)).as(op.name()).isEqualTo(sample);
    }
  }

  @Test
  void componentsAreBodyFieldsInSnakeCase() {
    assertThat(RequestFields.of(SendMessage.class).bodyFields()).containsExactly("chat_id", "parent_id", "type", "text",
        "medias", "mentions");
    assertThat(RequestFields.of(AddParticipant.class).bodyFields()).containsExactly("owner_type", "owner_id");
    assertThat(new SendChatmessage(A, new SendChatmessage.Source("agent", null), "normal", "x", new JsonArray()).toBody()
        .getJsonObject("source")).isEqualTo(new JsonObject().put("type", "agent"));
  }

  @Test
  void aBadFieldIsA400NamingIt() {
    TalkException e = failure(Operations.SEND_MESSAGE, new JsonObject().put("chat_id", A.toString()).put("text", 5));
    assertThat(e.reason() + ": " + e.getMessage()).isEqualTo("INVALID_FIELD: text must be a string");
    e = failure(Operations.ADD_PARTICIPANT, new JsonObject().put("owner_id", "nope"));
    assertThat(e.reason() + ": " + e.getMessage()).startsWith("INVALID_ID: owner_id is not a valid UUID");
  }

  @Test
  void anAgentsOperationWithoutActorIs401AndLoginNeedsNone() {
    RpcRouter router = new RpcRouter()
        .bind(Operations.GET_CHAT, (actor, req, trace) -> Future.failedFuture("unreachable"))
        .bind(Operations.LOGIN, (actor, req, trace) -> Future.failedFuture(req.username()));
    Throwable noActor = router.dispatch(RpcRequest.of("GET", "/v1/chats/" + A, null, null, "t", "r")).cause();
    assertThat(((TalkException) noActor).reason()).isEqualTo("ACTOR_REQUIRED");
    Throwable login = router.dispatch(RpcRequest.of("POST", "/v1/auth/login",
        new JsonObject().put("username", "alice").put("password", "p"), null, "t", "r")).cause();
    assertThat(login.getMessage()).isEqualTo("alice");
  }

  private static List<String> names(RequestFields fields, RequestFields.Place place) {
    List<String> names = new ArrayList<>();
    for (RequestFields.Field f : fields.fields()) {
      if (f.place() != place) {
        continue;
      }
      if (f.component().getType() == PageRequest.class) {
        names.addAll(List.of("page_size", "page_token"));
      } else {
        names.add(f.name());
      }
    }
    return names;
  }

  @SuppressWarnings("unchecked")
  private static <Q, R> Object roundTrip(Operation<Q, R> op, Request sample) {
    AtomicReference<Object> decoded = new AtomicReference<>();
    RpcRouter router = new RpcRouter().bind(op, (actor, req, trace) -> {
      decoded.set(req);
      return Future.failedFuture("decoded");
    });
    RpcRequest request = RpcRequest.of(op.method(), op.uri(sample.pathParams(), sample.queryParams()),
        op.body() ? sample.toBody() : null, ACTOR, "test", "r1");
    Future<?> reply = router.dispatch(RpcRequest.fromBuffer(request.toBuffer()));
    assertThat(reply.cause()).as("%s: %s", op.name(), reply.cause()).hasMessage("decoded");
    return decoded.get();
  }

  private static TalkException failure(Operation<?, ?> op, JsonObject body) {
    RpcRouter router = new RpcRouter().bind(op, (actor, req, trace) -> Future.failedFuture("unreachable"));
    String uri = op.uri(Map.of("id", A.toString()), Map.of());
    return (TalkException) router.dispatch(RpcRequest.of(op.method(), uri, body, ACTOR, "t", "r")).cause();
  }
}
