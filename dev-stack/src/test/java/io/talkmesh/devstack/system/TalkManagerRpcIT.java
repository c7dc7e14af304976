package io.talkmesh.devstack.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.talkmesh.common.client.TalkManagerClient;
import io.talkmesh.common.config.AmqpConfig;
import io.talkmesh.common.error.Status;
import io.talkmesh.common.error.TalkException;
import io.talkmesh.common.event.Event;
import io.talkmesh.common.event.EventType;
import io.talkmesh.common.event.LoggedEvent;
import io.talkmesh.common.model.Actor;
import io.talkmesh.common.model.Agent;
import io.talkmesh.common.model.Chat;
import io.talkmesh.common.model.Message;
import io.talkmesh.common.amqp.Amqp;
import io.talkmesh.common.rpc.RpcClient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.rabbitmq.QueueOptions;
import io.vertx.rabbitmq.RabbitMQClient;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** talk-manager through its RPC contract, with common's typed client, as another service would call it. */
class TalkManagerRpcIT {
  private static Stack stack;
  private static Vertx vertx;
  private static TalkManagerClient talk;
  private static RpcClient rpc;
  private static AmqpConfig amqp;
  private static Actor admin;

  @BeforeAll
  static void start() throws Exception {
    stack = Stack.fresh().startTalkManager();
    vertx = Vertx.vertx();
    amqp = new AmqpConfig(stack.env().get("TALK_AMQP_URI"), stack.env().get("TALK_AMQP_PREFIX"));
    rpc = new RpcClient(vertx, amqp.uri(), "rpc-it", amqp.requestQueue(), 5000);
    rpc.start().await(30, TimeUnit.SECONDS);
    talk = new TalkManagerClient(rpc, "rpc-it");
    Agent agent = talk.login(Stack.ADMIN, Stack.ADMIN_PASSWORD).await(10, TimeUnit.SECONDS);
    admin = Actor.agent(agent.customerId(), agent.id(), agent.permission());
  }

  @AfterAll
  static void stop() throws Exception {
    if (rpc != null) {
      rpc.stop().await(10, TimeUnit.SECONDS);
    }
    if (vertx != null) {
      vertx.close().await(10, TimeUnit.SECONDS);
    }
    if (stack != null) {
      stack.close();
    }
  }

  private static Actor newAgent() throws Exception {
    Agent agent = talk.createAgent(admin, "agent-" + UUID.randomUUID(), "password", "A", "").await(10, TimeUnit.SECONDS);
    return Actor.agent(agent.customerId(), agent.id(), agent.permission());
  }

  private static TalkException failure(Future<?> future) {
    try {
      future.await(10, TimeUnit.SECONDS);
    } catch (TalkException e) {
      return e;
    } catch (Exception e) {
      throw new AssertionError("expected a TalkException, got " + e, e);
    }
    throw new AssertionError("expected a failure, got success");
  }

  @Test
  void eventsOfAChatArriveOncePerChangeWithGaplessSeqInOrder() throws Exception {
    Actor alice = newAgent();
    Actor bob = newAgent();
    RabbitMQClient consumer = Amqp.client(vertx, amqp.uri(), "events-it");
    LinkedBlockingQueue<Event> events = new LinkedBlockingQueue<>();
    consumer.start().await(10, TimeUnit.SECONDS);
    consumer.exchangeDeclare(amqp.eventExchange(), "topic", true, false).await(10, TimeUnit.SECONDS);
    String queue = consumer.queueDeclare("", false, true, true).await(10, TimeUnit.SECONDS).getQueue();
    consumer.queueBind(queue, amqp.eventExchange(), Event.customerPattern(admin.customerId())).await(10, TimeUnit.SECONDS);
    var eventConsumer = consumer.basicConsumer(queue, new QueueOptions().setAutoAck(true)).await(10, TimeUnit.SECONDS);
    eventConsumer.handler(m -> events.add(Event.fromDelivery(m)));
    try {
      Chat chat = talk.createChat(alice, "group", "load", "", List.of(bob.ownerId())).await(10, TimeUnit.SECONDS);
      List<Future<Message>> sends = new ArrayList<>();
      for (int i = 0; i < 30; i++) {
        sends.add(talk.sendMessage(i % 2 == 0 ? alice : bob, chat.id(), "message " + i, null));
      }
      Future.all(sends).await(30, TimeUnit.SECONDS);

      List<Event> ofChat = new ArrayList<>();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (ofChat.size() < 33 && System.nanoTime() < deadline) {
        Event e = events.poll(200, TimeUnit.MILLISECONDS);
        if (e != null && e.chatId().equals(chat.id())) {
          ofChat.add(e);
        }
      }
      assertThat(ofChat).extracting(Event::seq).containsExactlyElementsOf(
          java.util.stream.LongStream.rangeClosed(1, 33).boxed().toList());
      assertThat(ofChat).extracting(Event::type).startsWith(EventType.CHATPARTICIPANT_ADDED,
          EventType.CHATPARTICIPANT_ADDED, EventType.CHAT_CREATED);
      assertThat(ofChat.subList(3, 33)).extracting(e -> e.data().getString("id"))
          .containsExactlyInAnyOrderElementsOf(sends.stream().map(f -> f.result().id().toString()).toList());
      var log = talk.eventsAfter(alice, chat.id(), 3, 1000).await(10, TimeUnit.SECONDS);
      assertThat(log.reset()).isFalse();
      assertThat(log.events()).extracting(LoggedEvent::seq)
          .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(4, 33).boxed().toList());
      assertThat(log.events().get(0).id()).isEqualTo(ofChat.get(3).id());
    } finally {
      eventConsumer.cancel().await(10, TimeUnit.SECONDS);
      consumer.stop().await(10, TimeUnit.SECONDS);
    }
  }

  /**
   * The send is one statement whose snapshot predates its wait for the chat's lock: the rules must still be judged
   * as they stand once the lock is held. A transaction holds the chat's row lock, removes the sender (or deletes the
   * chat) while the send waits, and commits: the send is refused and leaves nothing behind.
   */
  @Test
  void aSendWaitingForTheChatLockIsJudgedByWhatCommittedMeanwhile() throws Exception {
    Actor alice = newAgent();
    Actor bob = newAgent();
    Chat removal = talk.createChat(alice, "group", "removal", "", List.of(bob.ownerId())).await(10, TimeUnit.SECONDS);
    assertThat(failure(whileLocked(removal.id(),
        "DELETE FROM talk_participants WHERE chat_id = ?::uuid AND owner_id = '" + bob.ownerId() + "'",
        () -> talk.sendMessage(bob, removal.id(), "too late", null))).reason()).isEqualTo("NOT_PARTICIPANT");

    Chat deletion = talk.createChat(alice, "group", "deletion", "", List.of(bob.ownerId())).await(10, TimeUnit.SECONDS);
    assertThat(failure(whileLocked(deletion.id(), "UPDATE talk_chats SET tm_delete = now() WHERE id = ?::uuid",
        () -> talk.sendMessage(bob, deletion.id(), "too late", null))).reason()).isEqualTo("CHAT_DELETED");

    String database = java.net.URI.create(stack.env().get("TALK_PG_URI")).getPath().substring(1);
    try (java.sql.Connection c = java.sql.DriverManager.getConnection(io.talkmesh.devstack.TestInfra.get().jdbcUrl(database));
         java.sql.PreparedStatement q = c.prepareStatement("SELECT (SELECT count(*) FROM talk_messages WHERE chat_id = ANY(?::uuid[])"
             + " AND type = 'normal'), (SELECT max(seq) FROM talk_events WHERE chat_id = ?::uuid)")) {
      q.setString(1, "{" + removal.id() + "," + deletion.id() + "}");
      q.setString(2, deletion.id().toString());
      try (java.sql.ResultSet rows = q.executeQuery()) {
        rows.next();
        assertThat(rows.getLong(1)).as("refused sends wrote no message").isZero();
        assertThat(rows.getLong(2)).as("nor took a seq").isEqualTo(3);
      }
    }
  }

  /**
   * Runs {@code change} in a transaction that first takes the chat's row lock, starts {@code send} while the lock is
   * held, waits until the send is blocked on that lock (pg_locks), then commits the change.
   */
  private static <T> Future<T> whileLocked(UUID chatId, String change, java.util.function.Supplier<Future<T>> send)
      throws Exception {
    String database = java.net.URI.create(stack.env().get("TALK_PG_URI")).getPath().substring(1);
    String url = io.talkmesh.devstack.TestInfra.get().jdbcUrl(database);
    try (java.sql.Connection holder = java.sql.DriverManager.getConnection(url);
         java.sql.Connection observer = java.sql.DriverManager.getConnection(url)) {
      holder.setAutoCommit(false);
      try (java.sql.PreparedStatement lock = holder.prepareStatement("SELECT 1 FROM talk_chats WHERE id = ?::uuid FOR NO KEY UPDATE")) {
        lock.setString(1, chatId.toString());
        lock.executeQuery().close();
      }
      Future<T> sent = send.get();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      boolean waiting = false;
      while (!waiting && System.nanoTime() < deadline) {
        try (java.sql.ResultSet rows = observer.createStatement().executeQuery("SELECT count(*) FROM pg_stat_activity"
            + " WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE 'WITH chat AS%'")) {
          rows.next();
          waiting = rows.getLong(1) > 0;
        }
        if (!waiting) {
          Thread.sleep(20);
        }
      }
      assertThat(waiting).as("the send waits for the chat's lock").isTrue();
      try (java.sql.PreparedStatement write = holder.prepareStatement(change)) {
        write.setString(1, chatId.toString());
        assertThat(write.executeUpdate()).isEqualTo(1);
      }
      holder.commit();
      return sent;
    }
  }

  @Test
  void directChatOfAPairIsCreatedOnceAndReturnedAfterwards() throws Exception {
    Actor alice = newAgent();
    Actor bob = newAgent();
    Chat first = talk.createChat(alice, "direct", "", "", List.of(bob.ownerId())).await(10, TimeUnit.SECONDS);
    Chat again = talk.createChat(bob, "normal", "", "", List.of(alice.ownerId())).await(10, TimeUnit.SECONDS);
    assertThat(again.id()).isEqualTo(first.id());
    assertThat(again.memberCount()).isEqualTo(2);
    Actor carol = newAgent();
    assertThat(failure(talk.createChat(alice, "direct", "", "", List.of(bob.ownerId(), carol.ownerId()))).status())
        .isEqualTo(Status.INVALID_ARGUMENT);
  }

  @Test
  void participantRulesAreEnforcedByTalkManagerItself() throws Exception {
    Actor alice = newAgent();
    Actor bob = newAgent();
    Actor carol = newAgent();
    Chat chat = talk.createChat(alice, "group", "g", "", List.of(bob.ownerId())).await(10, TimeUnit.SECONDS);
    assertThat(talk.addParticipant(alice, chat.id(), bob.ownerId()).await(10, TimeUnit.SECONDS).ownerId()).isEqualTo(bob.ownerId());
    assertThat(failure(talk.addParticipant(carol, chat.id(), carol.ownerId())).status()).isEqualTo(Status.PERMISSION_DENIED);
    assertThat(failure(talk.addParticipant(alice, chat.id(), UUID.randomUUID())).reason()).isEqualTo("AGENT_NOT_FOUND");
    assertThat(failure(talk.sendMessage(carol, chat.id(), "hi", null)).status()).isEqualTo(Status.PERMISSION_DENIED);
    talk.addParticipant(alice, chat.id(), carol.ownerId()).await(10, TimeUnit.SECONDS);
    assertThat(talk.getChat(carol, chat.id()).await(10, TimeUnit.SECONDS).memberCount()).isEqualTo(3);
    assertThat(talk.participations(carol).await(10, TimeUnit.SECONDS)).extracting(p -> p.chatId()).contains(chat.id());
    Message root = talk.sendMessage(carol, chat.id(), "hi", null).await(10, TimeUnit.SECONDS);
    Message reply = talk.sendMessage(bob, chat.id(), "hello", root.id()).await(10, TimeUnit.SECONDS);
    assertThat(reply.parentId()).isEqualTo(root.id());
  }

  @Test
  void anotherCustomersChatDoesNotExist() throws Exception {
    Actor alice = newAgent();
    Chat chat = talk.createChat(alice, "talk", "public", "", List.of()).await(10, TimeUnit.SECONDS);
    Actor stranger = Actor.agent(UUID.randomUUID(), UUID.randomUUID(), 0x10);
    assertThat(failure(talk.getChat(stranger, chat.id())).status()).isEqualTo(Status.NOT_FOUND);
    assertThat(failure(talk.sendMessage(stranger, chat.id(), "x", null)).status()).isEqualTo(Status.NOT_FOUND);
  }

  @Test
  void aTakenUsernameIsRefusedAsUsernameTaken() throws Exception {
    String username = "taken-" + UUID.randomUUID();
    talk.createAgent(admin, username, "password", "A", "").await(10, TimeUnit.SECONDS);
    TalkException again = failure(talk.createAgent(admin, username, "password", "B", ""));
    assertThat(again.status() + " " + again.reason() + ": " + again.getMessage())
        .isEqualTo("ALREADY_EXISTS USERNAME_TAKEN: username '" + username + "' is already taken");
  }

  @Test
  void aCallNobodyAnswersFailsWithDeadlineExceeded() throws Exception {
    RpcClient lonely = new RpcClient(vertx, amqp.uri(), "lonely", "nobody-listens-" + UUID.randomUUID(), 300);
    lonely.start().await(10, TimeUnit.SECONDS);
    try {
      TalkManagerClient nowhere = new TalkManagerClient(lonely, "rpc-it");
      assertThatThrownBy(() -> nowhere.login("a", "b").await(5, TimeUnit.SECONDS))
          .isInstanceOfSatisfying(TalkException.class, e -> assertThat(e.status()).isEqualTo(Status.DEADLINE_EXCEEDED));
    } finally {
      lonely.stop().await(10, TimeUnit.SECONDS);
    }
  }
}
