package io.talkmesh.devstack.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.talkmesh.devstack.conformance.VoipbinClient.Answer;
import io.talkmesh.devstack.conformance.VoipbinClient.Call;
import io.talkmesh.devstack.testing.Mesh;
import io.talkmesh.gateway.route.PublicRoutes;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A client written from VoIPBIN's OpenAPI spec drives every public route of talk-mesh that the spec also has, as
 * such a client would (it pages until an empty page, re-joins a channel, re-adds a participant, posts with
 * {@code curl -d}'s content type), and every request and answer is checked by VoIPBIN's schema for its path, method
 * and status. The differences found must be exactly those {@link AllowList} allows.
 */
class VoipbinConformanceIT {
  /** The most pages a list may take before the client calls its paging endless. */
  private static final int PAGE_LIMIT = 10;
  private static final String OPERATOR = "platform-operator";
  private static final String OPERATOR_PASSWORD = "platform-" + UUID.randomUUID();
  @RegisterExtension
  static final Mesh mesh = Mesh.withEnv(Map.of("TALK_PLATFORM_ADMIN_USERNAME", OPERATOR,
      "TALK_PLATFORM_ADMIN_PASSWORD", OPERATOR_PASSWORD));
  private static final String AGENTS = "/v1.0/agents";
  private static final String CHATS = "/v1.0/service_agents/talk_chats";
  private static final String MESSAGES = "/v1.0/service_agents/talk_messages";
  private static VoipbinSpec spec;
  private static VoipbinClient client;

  /** An agent the client made through {@code POST /agents}, logged in. */
  private record Member(String id, String token) {
  }

  @AfterAll
  static void closeClient() {
    if (client != null) {
      client.close();
    }
  }

  @Test
  void aVoipbinClientMeetsOnlyTheAllowListedDifferences() {
    spec = VoipbinSpec.load(); // in the test, not @BeforeAll: a skip is then reported with its reason
    client = new VoipbinClient(mesh.client(), mesh.stack().httpPort(), spec);
    Member alice = member("alice");
    Member bob = member("bob");
    Member carol = member("carol");
    agents(alice);
    String group = talkChats(alice, bob, carol);
    channels(alice, bob);
    talkMessages(alice, bob, group);
    errors(alice);
    olderChatApi(alice, bob);
    olderChatApiToCome(alice, bob);
    agentApiToCome(member("dave"));
    customers(alice);

    List<Divergence> found = client.divergences();
    AllowList.Verdict verdict = AllowList.judge(found);
    System.out.println("VoIPBIN conformance: " + client.requests() + " requests, " + found.size() + " divergences\n"
        + found.stream().map(d -> "  " + d + " | " + allowedAs(d)).collect(Collectors.joining("\n")));
    assertThat(verdict.unexpected()).as("differences from VoIPBIN's spec that AllowList does not allow").isEmpty();
    assertThat(verdict.stale()).as("AllowList entries no longer seen (the fix landed: remove them)").isEmpty();
    assertThat(untested()).as("public routes VoIPBIN's spec has that this test sends nothing to").isEmpty();
  }

  private static String allowedAs(Divergence divergence) {
    return AllowList.ENTRIES.stream().filter(e -> e.covers(divergence)).map(AllowList.Allowed::fate).findFirst()
        .orElse("NOT ALLOWED");
  }

  private static List<String> untested() {
    Set<String> exercised = client.exercised();
    return PublicRoutes.ALL.stream().map(r -> r.method().name() + " " + r.path())
        .filter(key -> spec.operation(key.split(" ")[0], key.split(" ")[1]).isPresent())
        .filter(key -> !exercised.contains(key)).toList();
  }

  private static Member member(String name) {
    String username = name + "-" + UUID.randomUUID() + "@example.com";
    String password = "pw-" + UUID.randomUUID();
    Answer created = client.send(Call.of("POST", AGENTS, mesh.adminToken()).body(new JsonObject()
        .put("username", username).put("password", password).put("name", name).put("detail", "conformance")
        .put("ring_method", "ringall").put("permission", 16).put("tag_ids", new JsonArray())
        .put("addresses", new JsonArray())));
    assertThat(created.status()).as("create agent %s: %s", name, created).isBetween(200, 201);
    return new Member(created.json().getString("id"), mesh.api().login(username, password));
  }

  private static void agents(Member alice) {
    client.send(Call.of("GET", AGENTS, mesh.adminToken()).query("page_size", "2"));
    pageToTheEnd(Call.of("GET", AGENTS, mesh.adminToken()).query("page_size", "2"));
    client.send(Call.of("GET", AGENTS + "/:id", mesh.adminToken(), alice.id()));
    client.send(Call.of("GET", "/v1.0/service_agents/me", alice.token()));
  }

  /** Group chat life: create, list, get, update; participants added (twice), listed and removed; deleted. */
  private static String talkChats(Member alice, Member bob, Member carol) {
    JsonObject group = client.send(Call.of("POST", CHATS, alice.token()).body(new JsonObject().put("type", "group")
        .put("name", "conformance").put("detail", "a group").put("participants", new JsonArray()
            .add(new JsonObject().put("owner_type", "agent").put("owner_id", bob.id()))))).json();
    String id = group.getString("id");
    client.send(Call.of("GET", CHATS, alice.token()));
    pageToTheEnd(Call.of("GET", CHATS, alice.token()).query("page_size", "1"));
    client.send(Call.of("GET", CHATS, alice.token()).query("page_size", "0"));
    client.send(Call.of("GET", CHATS, alice.token()).query("page_size", "1000"));
    client.send(Call.of("GET", CHATS + "/:id", alice.token(), id));
    client.send(Call.of("PUT", CHATS + "/:id", alice.token(), id).body(new JsonObject().put("name", "renamed")
        .put("detail", "still a group")));
    JsonObject carolIn = new JsonObject().put("owner_type", "agent").put("owner_id", carol.id());
    Answer added = client.send(Call.of("POST", CHATS + "/:id/participants", alice.token(), id).body(carolIn));
    client.send(Call.of("POST", CHATS + "/:id/participants", alice.token(), id).body(carolIn));
    client.send(Call.of("GET", CHATS + "/:id/participants", alice.token(), id));
    if (added.json() != null && added.json().getString("id") != null) {
      client.send(Call.of("DELETE", CHATS + "/:id/participants/:participant_id", alice.token(), id,
          added.json().getString("id")));
    }
    JsonObject doomed = client.send(Call.of("POST", CHATS, alice.token()).body(new JsonObject().put("type", "group")
        .put("name", "short-lived"))).json();
    client.send(Call.of("DELETE", CHATS + "/:id", alice.token(), doomed.getString("id")));
    return id;
  }

  /** A public channel found through talk_channels, joined, and joined again. */
  private static void channels(Member alice, Member bob) {
    String channel = client.send(Call.of("POST", CHATS, alice.token()).body(new JsonObject().put("type", "talk")
        .put("name", "conformance-channel").put("detail", "public"))).json().getString("id");
    client.send(Call.of("GET", "/v1.0/service_agents/talk_channels", bob.token()));
    pageToTheEnd(Call.of("GET", "/v1.0/service_agents/talk_channels", bob.token()).query("page_size", "1"));
    client.send(Call.of("POST", CHATS + "/:id/join", bob.token(), channel));
    client.send(Call.of("POST", CHATS + "/:id/join", bob.token(), channel));
  }

  /** Messages sent (one as {@code curl -d} sends it), listed page by page, read, reacted to and deleted. */
  private static void talkMessages(Member alice, Member bob, String chat) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      ids.add(client.send(Call.of("POST", MESSAGES, alice.token()).body(message(chat, "hello " + i))).json()
          .getString("id"));
    }
    client.send(Call.of("POST", MESSAGES, bob.token()).body(message(chat, "sent as curl -d sends it")
        .put("parent_id", ids.get(0))).as(VoipbinClient.CURL_FORM));
    pageToTheEnd(Call.of("GET", MESSAGES, bob.token()).query("chat_id", chat).query("page_size", "2"));
    client.send(Call.of("GET", MESSAGES + "/:id", bob.token(), ids.get(1)));
    client.send(Call.of("POST", MESSAGES + "/:id/reactions", bob.token(), ids.get(1))
        .body(new JsonObject().put("emoji", "\uD83D\uDC4D")));
    client.send(Call.of("DELETE", MESSAGES + "/:id", alice.token(), ids.get(2)));
  }

  private static JsonObject message(String chat, String text) {
    return new JsonObject().put("chat_id", chat).put("type", "normal").put("text", text);
  }

  /** What a client meets when it is wrong: the error envelope, by status. */
  private static void errors(Member alice) {
    client.send(Call.of("GET", CHATS + "/:id", alice.token(), UUID.randomUUID().toString()).expect(404));
    client.send(Call.of("GET", CHATS, null).expect(401));
  }

  /** The older Chat API, as its last spec has it. */
  private static void olderChatApi(Member alice, Member bob) {
    JsonObject chat = client.send(Call.of("POST", "/v1.0/chats", alice.token()).body(new JsonObject()
        .put("type", "group").put("owner_id", alice.id()).put("participant_ids", new JsonArray().add(alice.id())
            .add(bob.id())).put("name", "older").put("detail", "chat api"))).json();
    String id = chat.getString("id");
    client.send(Call.of("GET", "/v1.0/chats", alice.token()));
    pageToTheEnd(Call.of("GET", "/v1.0/chats", alice.token()).query("page_size", "1"));
    client.send(Call.of("GET", "/v1.0/chats/:id", alice.token(), id));
    client.send(Call.of("PUT", "/v1.0/chats/:id", alice.token(), id).body(new JsonObject().put("name", "older+")
        .put("detail", "renamed")));
    client.send(Call.of("GET", "/v1.0/chatrooms", bob.token()).query("owner_id", bob.id()));
    JsonObject room = roomOf(bob, id);
    client.send(Call.of("GET", "/v1.0/chatrooms/:id", bob.token(), room.getString("id")));
    JsonObject sent = client.send(Call.of("POST", "/v1.0/chatmessages", alice.token()).body(new JsonObject()
        .put("chat_id", id).put("source", new JsonObject().put("type", "agent").put("target", alice.id()))
        .put("type", "normal").put("text", "older hello"))).json();
    client.send(Call.of("GET", "/v1.0/chatmessages", bob.token()).query("chat_id", id));
    client.send(Call.of("GET", "/v1.0/chatmessages/:id", bob.token(), sent.getString("id")));
    JsonObject roomMessages = client.send(Call.of("GET", "/v1.0/chatroommessages", bob.token())
        .query("chatroom_id", room.getString("id"))).json();
    client.send(Call.of("GET", "/v1.0/chatroommessages/:id", bob.token(),
        roomMessages.getJsonArray("result").getJsonObject(0).getString("id")));
    client.send(Call.of("DELETE", "/v1.0/chats/:id", alice.token(), id));
  }

  /** The member's chatroom of this chat, as {@code GET /chatrooms} lists it. */
  private static JsonObject roomOf(Member member, String chatId) {
    JsonArray rooms = client.send(Call.of("GET", "/v1.0/chatrooms", member.token())).json().getJsonArray("result");
    return rooms.stream().map(JsonObject.class::cast).filter(r -> chatId.equals(r.getString("chat_id"))).findFirst()
        .orElseThrow(() -> new AssertionError("no chatroom of chat " + chatId + " in " + rooms));
  }

  /**
   * The older Chat API's routes talk-mesh does not serve yet (issue 14 item 6): sent as a VoIPBIN client sends them,
   * so that each is checked by the spec from the day it lands.
   */
  private static void olderChatApiToCome(Member alice, Member bob) {
    JsonObject chat = client.send(Call.of("POST", "/v1.0/chats", alice.token()).body(new JsonObject()
        .put("type", "group").put("owner_id", alice.id()).put("participant_ids", new JsonArray().add(alice.id()))
        .put("name", "to come").put("detail", "item 6"))).json();
    String id = chat.getString("id");
    client.send(Call.of("POST", "/v1.0/chats/:id/participant_ids", alice.token(), id)
        .body(new JsonObject().put("participant_id", bob.id())));
    client.send(Call.of("PUT", "/v1.0/chats/:id/room_owner_id", alice.token(), id)
        .body(new JsonObject().put("room_owner_id", alice.id())));
    client.send(Call.of("DELETE", "/v1.0/chats/:id/participant_ids/:participant_id", alice.token(), id, bob.id()));
    JsonObject room = client.send(Call.of("POST", "/v1.0/chatrooms", alice.token()).body(new JsonObject()
        .put("participant_ids", new JsonArray().add(alice.id())).put("name", "room").put("detail", "item 6"))).json();
    String roomId = room != null && room.getString("id") != null ? room.getString("id")
        : roomOf(alice, id).getString("id");
    client.send(Call.of("PUT", "/v1.0/chatrooms/:id", alice.token(), roomId).body(new JsonObject().put("name", "room+")
        .put("detail", "renamed")));
    client.send(Call.of("GET", "/v1.0/service_agents/chatrooms", alice.token()));
    client.send(Call.of("GET", "/v1.0/service_agents/chatrooms/:id", alice.token(), roomId));
    JsonObject posted = client.send(Call.of("POST", "/v1.0/chatroommessages", alice.token()).body(new JsonObject()
        .put("chatroom_id", roomId).put("text", "item 6"))).json();
    JsonObject sent = client.send(Call.of("POST", "/v1.0/chatmessages", alice.token()).body(new JsonObject()
        .put("chat_id", id).put("source", new JsonObject().put("type", "agent").put("target", alice.id()))
        .put("type", "normal").put("text", "to delete"))).json();
    String roomMessage = posted != null && posted.getString("id") != null ? posted.getString("id")
        : client.send(Call.of("GET", "/v1.0/chatroommessages", alice.token()).query("chatroom_id", roomId)).json()
        .getJsonArray("result").getJsonObject(0).getString("id");
    client.send(Call.of("GET", "/v1.0/service_agents/chatroommessages", alice.token()).query("chatroom_id", roomId));
    client.send(Call.of("GET", "/v1.0/service_agents/chatroommessages/:id", alice.token(), roomMessage));
    client.send(Call.of("DELETE", "/v1.0/chatroommessages/:id", alice.token(), roomMessage));
    client.send(Call.of("DELETE", "/v1.0/chatmessages/:id", alice.token(), sent.getString("id")));
    client.send(Call.of("DELETE", "/v1.0/chatrooms/:id", alice.token(), roomId));
    // The same chatroom writes on the agent-side paths.
    JsonObject agentRoom = client.send(Call.of("POST", "/v1.0/service_agents/chatrooms", alice.token())
        .body(new JsonObject().put("participant_ids", new JsonArray().add(alice.id())).put("name", "side room")
            .put("detail", "item 6"))).json();
    String agentRoomId = agentRoom.getString("id");
    client.send(Call.of("PUT", "/v1.0/service_agents/chatrooms/:id", alice.token(), agentRoomId)
        .body(new JsonObject().put("name", "side room+").put("detail", "renamed")));
    JsonObject agentPosted = client.send(Call.of("POST", "/v1.0/service_agents/chatroommessages", alice.token())
        .body(new JsonObject().put("chatroom_id", agentRoomId).put("text", "item 6, agent side")
            .put("medias", new JsonArray()))).json();
    client.send(Call.of("DELETE", "/v1.0/service_agents/chatroommessages/:id", alice.token(),
        agentPosted.getString("id")));
    client.send(Call.of("DELETE", "/v1.0/service_agents/chatrooms/:id", alice.token(), agentRoomId));
  }

  /**
   * VoIPBIN's agent API (issue 14 item 7; {@code GET /customer} is item 8's), on an agent of its own: it updates
   * itself (its own password change keeps the calling session), then the admin updates it (a password change ends
   * its sessions, so it comes after the agent's own calls), and last the admin deletes it.
   */
  private static void agentApiToCome(Member dave) {
    String admin = mesh.adminToken();
    String daveToken = dave.token();
    client.send(Call.of("GET", "/v1.0/service_agents/agents", daveToken));
    client.send(Call.of("GET", "/v1.0/service_agents/agents/:id", daveToken, dave.id()));
    client.send(Call.of("PUT", "/v1.0/service_agents/me", daveToken).body(new JsonObject().put("name", "dave")
        .put("detail", "mine").put("ring_method", "linear")));
    client.send(Call.of("PUT", "/v1.0/service_agents/me/status", daveToken).body(new JsonObject().put("status", "away")));
    client.send(Call.of("PUT", "/v1.0/service_agents/me/password", daveToken)
        .body(new JsonObject().put("password", "pw-" + UUID.randomUUID())));
    client.send(Call.of("PUT", AGENTS + "/:id", admin, dave.id()).body(new JsonObject().put("name", "dave+")
        .put("detail", "item 7").put("ring_method", "ringall")));
    client.send(Call.of("PUT", AGENTS + "/:id/permission", admin, dave.id()).body(new JsonObject().put("permission", 16)));
    client.send(Call.of("PUT", AGENTS + "/:id/status", admin, dave.id()).body(new JsonObject().put("status", "available")));
    client.send(Call.of("PUT", AGENTS + "/:id/password", admin, dave.id())
        .body(new JsonObject().put("password", "pw-" + UUID.randomUUID())));
    client.send(Call.of("GET", "/v1.0/customer", admin));
    client.send(Call.of("DELETE", AGENTS + "/:id", admin, dave.id()));
  }

  /**
   * The customer API (issue 14 item 8): the platform operator creates, lists, reads, updates and deletes a customer;
   * every agent reads its own customer, its admin changes it; a customer admin is refused the operator's routes.
   */
  private static void customers(Member alice) {
    String operator = mesh.api().login(OPERATOR, OPERATOR_PASSWORD);
    JsonObject fields = new JsonObject().put("name", "Acme Corporation").put("detail", "conformance")
        .put("email", "admin@example.com").put("phone_number", "+14155551234").put("address", "123 Main St")
        .put("webhook_method", "POST").put("webhook_uri", "https://api.example.com/webhooks/voipbin");
    JsonObject created = client.send(Call.of("POST", "/v1.0/customers", operator).body(fields.copy())).json();
    String id = created.getString("id");
    client.send(Call.of("GET", "/v1.0/customers", operator));
    pageToTheEnd(Call.of("GET", "/v1.0/customers", operator).query("page_size", "1"));
    client.send(Call.of("GET", "/v1.0/customers/:id", operator, id));
    client.send(Call.of("PUT", "/v1.0/customers/:id", operator, id).body(fields.copy().put("name", "Acme Ltd")
        .put("webhook_method", "PUT")));
    client.send(Call.of("GET", "/v1.0/customers", mesh.adminToken()).expect(403));
    client.send(Call.of("GET", "/v1.0/customer", alice.token()));
    client.send(Call.of("GET", "/v1.0/service_agents/customer", alice.token()));
    client.send(Call.of("PUT", "/v1.0/customer", mesh.adminToken()).body(fields.copy().put("name", "the admin's")
        .put("webhook_method", "").put("webhook_uri", "")));
    client.send(Call.of("DELETE", "/v1.0/customers/:id", operator, id));
  }

  /**
   * Follows {@code next_page_token} until a page comes back empty, as a generated VoIPBIN client does, noting a
   * list that never ends (a page seen again) or a page with items but no token to go on with.
   */
  private static void pageToTheEnd(Call first) {
    Set<String> seen = new HashSet<>();
    String token = null;
    for (int page = 0; page < PAGE_LIMIT; page++) {
      Answer answer = client.send(token == null ? first : first.query("page_token", token));
      if (answer.json() == null) {
        return;
      }
      JsonArray result = answer.json().getJsonArray("result", new JsonArray());
      if (result.isEmpty()) {
        return;
      }
      for (Object item : result) {
        if (!seen.add(((JsonObject) item).getString("id"))) {
          client.note(first, "paging never ends: following next_page_token serves items seen before");
          return;
        }
      }
      token = answer.json().getString("next_page_token");
      if (token == null) {
        client.note(first, "a page with items but no next_page_token");
        return;
      }
    }
    client.note(first, "paging did not end within " + PAGE_LIMIT + " pages");
  }
}
