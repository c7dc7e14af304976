package io.talkmesh.devstack.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.talkmesh.devstack.testing.Agent;
import io.talkmesh.devstack.testing.Mesh;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Seed 003's talks API over the whole mesh: every route with the seed's requests ({@code ?token=}, its bodies), a
 * WebSocket client that opted in ({@code ?events=talks}) receiving each of the seed's event names with the same seq
 * and order as a client that did not, resume with those names, and callers who may not.
 */
class TalksApiIT {
  @RegisterExtension
  static final Mesh mesh = Mesh.withDefaults();
  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final Set<String> TALK_API_NAMES = Set.of("chat_created", "chat_updated", "chat_deleted",
      "chatparticipant_added", "chatparticipant_removed", "chatmessage_created", "chatmessage_updated",
      "chatmessage_deleted", "chatmessage_reaction_updated");

  private static Agent agent(String name) {
    return Agent.create(mesh.api(), mesh.adminToken(), name);
  }

  private static JsonObject ok(HttpApi.Reply reply) {
    assertThat(reply.status()).as("expected 200, got %s", reply).isEqualTo(200);
    return reply.json();
  }

  private static void refused(HttpApi.Reply reply, int status, String reason) {
    assertThat(reply.status()).as("expected %d %s, got %s", status, reason, reply).isEqualTo(status);
    assertThat(reply.json().getJsonObject("error").getString("reason")).as("%s", reply).isEqualTo(reason);
  }

  private static WsClient talksClient(Agent agent) throws Exception {
    return WsClient.connectTo(mesh.client(), mesh.stack().wsPort(), "/v1.0/ws?token=" + agent.token() + "&events=talks")
        .subscribe("agent_id:" + agent.id() + ":chat");
  }

  private static JsonObject frame(WsClient ws, String type, String id) throws InterruptedException {
    return ws.next(f -> type.equals(f.getString("type")) && id.equals(f.getJsonObject("data").getString("id")), WAIT);
  }

  @Test
  void everyRouteWorksAndAnOptedInClientReceivesEachEventNameInTheSameOrder() throws Exception {
    Agent alice = agent("alice");
    Agent bob = agent("bob");
    Agent carol = agent("carol");
    try (WsClient talks = talksClient(bob);
         WsClient plain = WsClient.connect(mesh.client(), mesh.stack().wsPort(), bob.token())
             .subscribe("agent_id:" + bob.id() + ":chat")) {
      JsonObject talk = ok(mesh.api().post("/v1.0/talks?token=" + alice.token(), null, new JsonObject()
          .put("name", "Project Discussion").put("participant_ids", new JsonArray().add(bob.id()))));
      String id = talk.getString("id");
      assertThat(talk.getString("status")).isEqualTo("active");
      assertThat(talk.getString("type")).isEqualTo("group");
      assertThat(talk.getJsonArray("participant_ids").getList()).containsExactlyInAnyOrder(alice.id(), bob.id());
      JsonObject joined = talks.next(f -> "participant_joined".equals(f.getString("type"))
          && bob.id().equals(f.getJsonObject("data").getString("agent_id")), WAIT);
      assertThat(joined.getJsonObject("data").getString("talk_id")).isEqualTo(id);
      assertThat(talks.next("talk_created").getJsonObject("data").getString("status")).isEqualTo("active");

      JsonObject message = ok(mesh.api().post("/v1.0/talks/" + id + "/messages", alice.token(),
          new JsonObject().put("text", "Hello team, let's discuss the project status.")));
      String messageId = message.getString("id");
      JsonObject created = frame(talks, "message_created", messageId).getJsonObject("data");
      assertThat(created.getString("agent_id")).isEqualTo(alice.id());
      assertThat(created.getString("text")).isEqualTo("Hello team, let's discuss the project status.");
      JsonObject reply = ok(mesh.api().post("/v1.0/talks/" + id + "/messages", bob.token(),
          new JsonObject().put("text", "I agree").put("parent_id", messageId)));
      assertThat(reply.getString("parent_id")).isEqualTo(messageId);
      JsonArray medias = new JsonArray().add(new JsonObject().put("type", "application/pdf")
          .put("url", "https://storage.example.com/design-doc.pdf").put("name", "design-document.pdf"));
      assertThat(ok(mesh.api().post("/v1.0/talks/" + id + "/messages", alice.token(),
          new JsonObject().put("text", "Here is the design document.").put("medias", medias))).getJsonArray("medias"))
          .isEqualTo(medias);

      assertThat(ok(mesh.api().put("/v1.0/talks/" + id + "/messages/" + messageId, alice.token(), new JsonObject().put("text", "edited")))
          .getString("text")).isEqualTo("edited");
      assertThat(frame(talks, "message_updated", messageId).getJsonObject("data").getString("text")).isEqualTo("edited");
      ok(mesh.api().post("/v1.0/messages/" + messageId + "/reactions", bob.token(), new JsonObject().put("emoji", "thumbsup")));
      JsonObject added = frame(talks, "reaction_added", messageId).getJsonObject("data");
      assertThat(added.getJsonObject("reaction").getString("emoji")).isEqualTo("thumbsup");
      assertThat(added.getJsonObject("reaction").getString("owner_id")).isEqualTo(bob.id());
      ok(mesh.api().delete("/v1.0/messages/" + messageId + "/reactions?emoji=thumbsup", bob.token()));
      assertThat(frame(talks, "reaction_removed", messageId).getJsonObject("data").getJsonObject("reaction")
          .getString("emoji")).isEqualTo("thumbsup");
      assertThat(ok(mesh.api().get("/v1.0/talks/" + id + "/messages/" + messageId, bob.token())).getString("talk_id")).isEqualTo(id);

      JsonObject carolIn = ok(mesh.api().post("/v1.0/talks/" + id + "/participants", alice.token(),
          new JsonObject().put("agent_id", carol.id())));
      assertThat(carolIn.getString("status")).isEqualTo("active");
      frame(talks, "participant_joined", carolIn.getString("id"));
      HttpApi.Reply members = mesh.api().get("/v1.0/talks/" + id + "/participants", bob.token());
      assertThat(members.status()).as("%s", members).isEqualTo(200);
      assertThat(((JsonArray) members.body()).size()).as("%s", members).isEqualTo(3);
      JsonObject carolOut = ok(mesh.api().delete("/v1.0/talks/" + id + "/participants/" + carolIn.getString("id"),
          alice.token()));
      assertThat(carolOut.getString("status")).isEqualTo("left");
      assertThat(frame(talks, "participant_left", carolIn.getString("id")).getJsonObject("data").getString("status"))
          .isEqualTo("left");

      assertThat(ok(mesh.api().put("/v1.0/talks/" + id, bob.token(), new JsonObject().put("status", "closed")))
          .getString("status")).isEqualTo("closed");
      assertThat(frame(talks, "talk_updated", id).getJsonObject("data").getString("status")).isEqualTo("closed");
      refused(mesh.api().post("/v1.0/talks/" + id + "/messages", alice.token(), new JsonObject().put("text", "no")),
          409, "TALK_CLOSED");
      ok(mesh.api().put("/v1.0/talks/" + id, alice.token(), new JsonObject().put("status", "active")));
      assertThat(frame(talks, "talk_updated", id).getJsonObject("data").getString("status")).isEqualTo("active");

      ok(mesh.api().delete("/v1.0/talks/" + id + "/messages/" + messageId, alice.token()));
      assertThat(frame(talks, "message_deleted", messageId).getJsonObject("data").getString("text")).isEmpty();

      JsonObject list = ok(mesh.api().get("/v1.0/talks?page_size=10", bob.token()));
      assertThat(list.getJsonArray("result").stream().map(t -> ((JsonObject) t).getString("id"))).contains(id);
      JsonObject page = ok(mesh.api().get("/v1.0/talks/" + id + "/messages?page_size=2", bob.token()));
      assertThat(page.getJsonArray("result")).hasSize(2);
      assertThat(page.getString("next_page_token")).isNotEmpty();
      assertThat(ok(mesh.api().get("/v1.0/talks/" + id, bob.token())).getString("name")).isEqualTo("Project Discussion");
      ok(mesh.api().delete("/v1.0/talks/" + id, alice.token()));
      frame(talks, "talk_deleted", id);

      // the client that did not opt in saw the Talk frames, the same events with the same seq, in the same order
      plain.next(f -> "chat_deleted".equals(f.getString("type")), WAIT);
      List<Long> talkSeqs = seqsOf(talks.seen(), id);
      List<Long> plainSeqs = seqsOf(plain.seen(), id);
      assertThat(talkSeqs).isNotEmpty().isEqualTo(plainSeqs);
      assertThat(plain.seen().stream().filter(f -> f.containsKey("seq")).map(f -> f.getString("type")))
          .allMatch(TALK_API_NAMES::contains);
      assertThat(talks.seen().stream().filter(f -> f.containsKey("seq")).map(f -> f.getString("type")))
          .noneMatch(TALK_API_NAMES::contains);
    }
  }

  /** The seqs of one talk's frames, in the order received (a frame names its talk by id or by talk_id). */
  private static List<Long> seqsOf(List<JsonObject> frames, String talkId) {
    return frames.stream().filter(f -> f.containsKey("seq")).filter(f -> {
      JsonObject data = f.getJsonObject("data");
      return talkId.equals(data.getString("chat_id")) || talkId.equals(data.getString("id"));
    }).map(f -> f.getLong("seq")).toList();
  }

  @Test
  void anOptedInClientResumesWithTheTalksNames() throws Exception {
    Agent alice = agent("alice");
    Agent bob = agent("bob");
    String id = ok(mesh.api().post("/v1.0/talks", alice.token(), new JsonObject().put("name", "resume")
        .put("participant_ids", new JsonArray().add(bob.id())))).getString("id");
    long seq;
    try (WsClient first = talksClient(bob)) {
      String m = ok(mesh.api().post("/v1.0/talks/" + id + "/messages", alice.token(), new JsonObject().put("text", "one")))
          .getString("id");
      seq = frame(first, "message_created", m).getLong("seq");
    }
    String missed = ok(mesh.api().post("/v1.0/talks/" + id + "/messages", alice.token(), new JsonObject().put("text", "two")))
        .getString("id");
    try (WsClient again = WsClient.connectTo(mesh.client(), mesh.stack().wsPort(),
        "/v1.0/service_agents/ws?token=" + bob.token() + "&events=talks")) {
      again.subscribeResuming(Map.of(id, seq), "agent_id:" + bob.id() + ":chat");
      JsonObject replayed = frame(again, "message_created", missed);
      assertThat(replayed.getLong("seq")).isGreaterThan(seq);
      assertThat(replayed.getJsonObject("data").getString("talk_id")).isEqualTo(id);
      again.next("resumed");
    }
  }

  @Test
  void aNonParticipantCannotReadPostReactOrCloseAndAnUnknownEventsValueIsRefused() {
    Agent alice = agent("alice");
    Agent bob = agent("bob");
    Agent mallory = agent("mallory");
    String id = ok(mesh.api().post("/v1.0/talks", alice.token(), new JsonObject().put("name", "private")
        .put("participant_ids", new JsonArray().add(bob.id())))).getString("id");
    String messageId = ok(mesh.api().post("/v1.0/talks/" + id + "/messages", alice.token(),
        new JsonObject().put("text", "secret"))).getString("id");
    refused(mesh.api().get("/v1.0/talks/" + id, mallory.token()), 403, "NOT_PARTICIPANT");
    refused(mesh.api().get("/v1.0/talks/" + id + "/messages", mallory.token()), 403, "NOT_PARTICIPANT");
    refused(mesh.api().get("/v1.0/talks/" + id + "/messages/" + messageId, mallory.token()), 403, "NOT_PARTICIPANT");
    refused(mesh.api().post("/v1.0/talks/" + id + "/messages", mallory.token(), new JsonObject().put("text", "hi")),
        403, "NOT_PARTICIPANT");
    refused(mesh.api().post("/v1.0/messages/" + messageId + "/reactions", mallory.token(),
        new JsonObject().put("emoji", "eyes")), 403, "NOT_PARTICIPANT");
    refused(mesh.api().put("/v1.0/talks/" + id, mallory.token(), new JsonObject().put("status", "closed")),
        403, "NOT_PARTICIPANT");
    refused(mesh.api().post("/v1.0/talks/" + id + "/participants", mallory.token(),
        new JsonObject().put("agent_id", mallory.id())), 403, "NOT_PARTICIPANT");
    refused(mesh.api().delete("/v1.0/talks/" + id, mallory.token()), 403, "NOT_PARTICIPANT");
    assertThat(ok(mesh.api().get("/v1.0/talks", mallory.token())).getJsonArray("result")).isEmpty();
    assertThat(mesh.api().get("/v1.0/talks/" + id, null).status()).isEqualTo(401);

    assertThatThrownBy(() -> WsClient.connectTo(mesh.client(), mesh.stack().wsPort(),
        "/v1.0/ws?token=" + alice.token() + "&events=everything"))
        .satisfies(e -> assertThat(rejection(e)).isEqualTo(400));
  }

  private static int rejection(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof UpgradeRejectedException rejected) {
        return rejected.getStatus();
      }
    }
    throw new AssertionError("not an upgrade rejection", e);
  }
}
