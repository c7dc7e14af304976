package io.talkmesh.push.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.talkmesh.common.event.Event;
import io.talkmesh.common.event.EventType;
import io.talkmesh.common.model.Actor;
import io.talkmesh.common.model.Agent;
import io.talkmesh.common.model.Chat;
import io.talkmesh.common.model.ChatType;
import io.talkmesh.common.model.Participant;
import io.talkmesh.common.model.Permission;
import io.talkmesh.common.push.Topic;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The delivery rule end to end, without sockets or a broker: who receives which event. */
class DispatcherTest {
  private final UUID customer = UUID.randomUUID();
  private final UUID chat = UUID.randomUUID();
  private final UUID otherChat = UUID.randomUUID();
  private final Map<UUID, Future<List<Participant>>> chatsOf = new HashMap<>();
  private final Memberships memberships = new Memberships(actor -> chatsOf.getOrDefault(actor.ownerId(),
      Future.succeededFuture(List.of())));
  private final Set<UUID> publicChannels = new HashSet<>();
  private final Channels channels = new Channels(actor -> Future.succeededFuture(Set.copyOf(publicChannels)));
  private final List<FakeSubscriber> subscribers = new ArrayList<>();
  private final Dispatcher dispatcher = new Dispatcher(e -> subscribers.stream()
      .filter(s -> s.actor().customerId().equals(e.customerId())).toList(), memberships, channels, new SeqFilter(1000),
      (customer, chat) -> Future.succeededFuture());
  private final Map<UUID, Long> seqs = new HashMap<>();

  private FakeSubscriber agent(long permission, UUID... inChats) {
    UUID id = UUID.randomUUID();
    List<Participant> participations = new ArrayList<>();
    for (UUID c : inChats) {
      participations.add(participant(id, c));
    }
    chatsOf.put(id, Future.succeededFuture(participations));
    FakeSubscriber s = new FakeSubscriber(Actor.agent(customer, id, permission));
    subscribers.add(s);
    return s;
  }

  private FakeSubscriber subscribedToAllMyChats(UUID... inChats) {
    FakeSubscriber s = agent(Permission.AGENT.bit(), inChats);
    s.topics.add(Topic.agentChats(s.actor.ownerId()));
    memberships.load(s.actor);
    return s;
  }

  private Participant participant(UUID agentId, UUID chatId) {
    return new Participant(UUID.randomUUID(), customer, Agent.OWNER_TYPE, agentId, chatId, Instant.now());
  }

  private Event event(UUID chatId, EventType type, JsonObject data) {
    long seq = seqs.merge(chatId, 1L, Long::sum);
    return new Event(UUID.randomUUID(), customer, chatId, seq, type, data, "", Instant.now());
  }

  private Event message(UUID chatId) {
    return event(chatId, EventType.CHATMESSAGE_CREATED, new JsonObject().put("chat_id", chatId.toString()));
  }

  @Test
  void participantWithAllChatsTopicReceivesMessagesOfItsChatsOnly() {
    FakeSubscriber alice = subscribedToAllMyChats(chat);
    dispatcher.onEvent(message(chat));
    dispatcher.onEvent(message(otherChat));
    assertThat(alice.frames).hasSize(1);
    assertThat(alice.frames.get(0).getString("type")).isEqualTo("chatmessage_created");
    assertThat(alice.frames.get(0).getLong("seq")).isEqualTo(1L);
    assertThat(alice.frames.get(0).getJsonObject("data").getString("chat_id")).isEqualTo(chat.toString());
  }

  @Test
  void singleChatTopicReceivesThatChatOnly() {
    FakeSubscriber alice = agent(Permission.AGENT.bit(), chat, otherChat);
    alice.topics.add(Topic.agentChat(alice.actor.ownerId(), chat));
    memberships.load(alice.actor);
    dispatcher.onEvent(message(chat));
    dispatcher.onEvent(message(otherChat));
    assertThat(alice.frames).extracting(f -> f.getJsonObject("data").getString("chat_id")).containsExactly(chat.toString());
  }

  @Test
  void singleChatTopicOfAChatTheAgentIsNotInReceivesNothing() {
    FakeSubscriber alice = agent(Permission.AGENT.bit());
    alice.topics.add(Topic.agentChat(alice.actor.ownerId(), chat));
    memberships.load(alice.actor);
    dispatcher.onEvent(message(chat));
    assertThat(alice.frames).isEmpty();
  }

  @Test
  void nonMemberReadingAPublicChatByIdReceivesThatChatOnly() {
    FakeSubscriber reader = agent(Permission.AGENT.bit());
    reader.topics.add(Topic.agentChat(reader.actor.ownerId(), chat));
    reader.publicChats.add(chat);
    memberships.load(reader.actor);
    dispatcher.onEvent(message(chat));
    dispatcher.onEvent(message(otherChat));
    assertThat(reader.frames).extracting(f -> f.getJsonObject("data").getString("chat_id")).containsExactly(chat.toString());
  }

  @Test
  void publicGrantNeedsTheSingleChatTopic() {
    FakeSubscriber reader = agent(Permission.AGENT.bit());
    reader.topics.add(Topic.agentChats(reader.actor.ownerId()));
    reader.publicChats.add(chat);
    memberships.load(reader.actor);
    dispatcher.onEvent(message(chat));
    assertThat(reader.frames).isEmpty();
  }

  /**
   * A webhook replay request travels in its endpoint's stream, which push-service binds only as part of the
   * customer's whole stream; even routed as a chat's event, to the chat's participants, managers and readers, it
   * reaches no session.
   */
  @Test
  void anInternalEventReachesNoSessionWhateverItsStreamAndTopics() {
    FakeSubscriber member = subscribedToAllMyChats(chat);
    FakeSubscriber watcher = agent(Permission.AGENT.bit(), chat);
    watcher.topics.add(Topic.agentChat(watcher.actor.ownerId(), chat));
    memberships.load(watcher.actor);
    FakeSubscriber admin = agent(Permission.ADMIN.bit() | Permission.MANAGER.bit(), chat);
    admin.topics.add(Topic.customerChats(customer));
    admin.topics.add(Topic.customerChat(customer, chat));
    memberships.load(admin.actor);
    publicChannels.add(chat);
    UUID endpoint = UUID.randomUUID();
    JsonObject data = new JsonObject().put("endpoint_id", endpoint.toString()).put("event", new JsonObject());
    assertThat(dispatcher.onEvent(event(endpoint, EventType.WEBHOOK_REPLAY_REQUESTED, data))).isZero();
    assertThat(dispatcher.onEvent(event(chat, EventType.WEBHOOK_REPLAY_REQUESTED, data))).isZero();
    assertThat(dispatcher.onEvent(event(member.actor.ownerId(), EventType.WEBHOOK_REPLAY_REQUESTED, data))).isZero();
    for (FakeSubscriber s : List.of(member, watcher, admin)) {
      assertThat(DeliveryRule.receives(s, memberships, channels, event(chat, EventType.WEBHOOK_REPLAY_REQUESTED, data)))
          .isFalse();
    }
    dispatcher.onEvent(message(chat));
    assertThat(member.types()).as("the chat's own events still arrive").containsExactly("chatmessage_created");
    assertThat(watcher.types()).containsExactly("chatmessage_created");
    assertThat(admin.types()).containsExactly("chatmessage_created");
  }

  @Test
  void everyEventTypeOfAChatReachesItsParticipants() {
    FakeSubscriber alice = subscribedToAllMyChats(chat);
    for (EventType type : EventType.values()) {
      if (type != EventType.CHAT_DELETED && type != EventType.CHATPARTICIPANT_REMOVED && !type.agentStream()
          && !type.internal()) {
        dispatcher.onEvent(event(chat, type, new JsonObject()));
      }
    }
    dispatcher.onEvent(event(chat, EventType.CHAT_DELETED, new JsonObject().put("id", chat.toString())));
    dispatcher.onEvent(message(chat));
    assertThat(alice.types()).containsExactly("chat_created", "chat_updated", "chatparticipant_added",
        "chatmessage_created", "chatmessage_updated", "chatmessage_deleted", "chatmessage_reaction_updated",
        "chatparticipant_read", "chatmessage_pinned", "chatmessage_unpinned", "chat_deleted");
  }

  @Test
  void anAgentsOwnStreamReachesOnlyThatAgentsWideSessions() {
    FakeSubscriber alice = subscribedToAllMyChats(chat);
    FakeSubscriber aliceOtherDevice = new FakeSubscriber(alice.actor);
    aliceOtherDevice.topics.add(Topic.agentChats(alice.actor.ownerId()));
    subscribers.add(aliceOtherDevice);
    FakeSubscriber aliceOneChat = new FakeSubscriber(alice.actor);
    aliceOneChat.topics.add(Topic.agentChat(alice.actor.ownerId(), chat));
    subscribers.add(aliceOneChat);
    FakeSubscriber bob = subscribedToAllMyChats(chat);
    FakeSubscriber boss = agent(Permission.MANAGER.bit(), chat);
    boss.topics.add(Topic.customerChats(customer));
    memberships.load(boss.actor);
    dispatcher.onEvent(event(alice.actor.ownerId(), EventType.CHAT_READ, new JsonObject().put("chat_id", chat.toString())));
    assertThat(alice.types()).containsExactly("chat_read");
    assertThat(aliceOtherDevice.types()).containsExactly("chat_read");
    assertThat(aliceOneChat.frames).as("a single-chat session does not follow the agent's stream").isEmpty();
    assertThat(bob.frames).as("a fellow participant of the chat").isEmpty();
    assertThat(boss.frames).as("a manager of the customer").isEmpty();
  }

  @Test
  void aChatReadNamedByAChatIdReachesNobody() {
    FakeSubscriber alice = subscribedToAllMyChats(chat);
    dispatcher.onEvent(event(chat, EventType.CHAT_READ, new JsonObject()));
    assertThat(alice.frames).isEmpty();
  }

  @Test
  void managerWithCustomerTopicReceivesItsChatsAndThePublicChannelsOnly() {
    UUID channel = UUID.randomUUID();
    UUID privateChat = UUID.randomUUID();
    publicChannels.add(channel);
    FakeSubscriber boss = agent(Permission.MANAGER.bit(), chat);
    boss.topics.add(Topic.customerChats(customer));
    FakeSubscriber oneChatBoss = agent(Permission.MANAGER.bit(), otherChat);
    oneChatBoss.topics.add(Topic.customerChat(customer, otherChat));
    memberships.load(boss.actor);
    memberships.load(oneChatBoss.actor);
    channels.load(boss.actor);
    dispatcher.onEvent(message(chat));
    dispatcher.onEvent(message(otherChat));
    dispatcher.onEvent(message(channel));
    dispatcher.onEvent(message(privateChat));
    assertThat(boss.frames).extracting(f -> f.getJsonObject("data").getString("chat_id"))
        .containsExactly(chat.toString(), channel.toString());
    assertThat(oneChatBoss.frames).extracting(f -> f.getJsonObject("data").getString("chat_id"))
        .containsExactly(otherChat.toString());
  }

  @Test
  void aChannelCreatedLaterReachesManagersAndADeletedOneNoMore() {
    UUID channel = UUID.randomUUID();
    FakeSubscriber boss = agent(Permission.MANAGER.bit());
    boss.topics.add(Topic.customerChats(customer));
    memberships.load(boss.actor);
    channels.load(boss.actor);
    Instant now = Instant.now();
    dispatcher.onEvent(event(channel, EventType.CHAT_CREATED,
        new Chat(channel, customer, ChatType.TALK, "news", "", 0, now, now, null).toJson()));
    dispatcher.onEvent(message(channel));
    dispatcher.onEvent(event(channel, EventType.CHAT_DELETED, new JsonObject().put("id", channel.toString())));
    dispatcher.onEvent(message(channel));
    assertThat(boss.types()).containsExactly("chat_created", "chatmessage_created", "chat_deleted");
  }

  @Test
  void aReloadKeepsTheChangesThatArriveWhileItIsInFlight() {
    FakeSubscriber alice = subscribedToAllMyChats(chat);
    Promise<List<Participant>> reload = Promise.promise();
    chatsOf.put(alice.actor.ownerId(), reload.future());
    memberships.refresh(alice.actor);
    dispatcher.onEvent(event(otherChat, EventType.CHATPARTICIPANT_ADDED,
        participant(alice.actor.ownerId(), otherChat).toJson()));
    reload.complete(List.of(participant(alice.actor.ownerId(), chat)));
    dispatcher.onEvent(message(otherChat));
    assertThat(alice.frames).extracting(f -> f.getString("type"))
        .containsExactly("chatparticipant_added", "chatmessage_created");
  }

  @Test
  void otherCustomersSessionsNeverReceive() {
    FakeSubscriber stranger = new FakeSubscriber(Actor.agent(UUID.randomUUID(), UUID.randomUUID(), Permission.ADMIN.bit()));
    stranger.topics.add(Topic.customerChats(customer));
    subscribers.add(stranger);
    dispatcher.onEvent(message(chat));
    assertThat(stranger.frames).isEmpty();
  }

  @Test
  void eachEventReachesASessionOnceEvenWhenSeveralTopicsMatch() {
    FakeSubscriber boss = agent(Permission.ADMIN.bit(), chat);
    boss.topics.addAll(List.of(Topic.agentChats(boss.actor.ownerId()), Topic.agentChat(boss.actor.ownerId(), chat),
        Topic.customerChats(customer), Topic.customerChat(customer, chat)));
    memberships.load(boss.actor);
    assertThat(dispatcher.onEvent(message(chat))).isEqualTo(1);
    assertThat(boss.frames).hasSize(1);
  }

  @Test
  void agentAddedToANewChatReceivesItsAddedEventTheChatAndLaterMessages() {
    FakeSubscriber alice = subscribedToAllMyChats();
    UUID newChat = UUID.randomUUID();
    dispatcher.onEvent(event(newChat, EventType.CHATPARTICIPANT_ADDED, participant(alice.actor.ownerId(), newChat).toJson()));
    dispatcher.onEvent(event(newChat, EventType.CHAT_CREATED, new JsonObject().put("id", newChat.toString())));
    dispatcher.onEvent(message(newChat));
    assertThat(alice.types()).containsExactly("chatparticipant_added", "chat_created", "chatmessage_created");
  }

  @Test
  void removedParticipantReceivesItsRemovalAndNothingAfter() {
    FakeSubscriber alice = subscribedToAllMyChats(chat);
    FakeSubscriber bob = subscribedToAllMyChats(chat);
    dispatcher.onEvent(event(chat, EventType.CHATPARTICIPANT_REMOVED, participant(alice.actor.ownerId(), chat).toJson()));
    dispatcher.onEvent(message(chat));
    assertThat(alice.types()).containsExactly("chatparticipant_removed");
    assertThat(bob.types()).containsExactly("chatparticipant_removed", "chatmessage_created");
  }

  @Test
  void redeliveredEventIsDroppedBySeq() {
    FakeSubscriber alice = subscribedToAllMyChats(chat);
    Event first = message(chat);
    dispatcher.onEvent(first);
    dispatcher.onEvent(first);
    Event second = message(chat);
    dispatcher.onEvent(second);
    dispatcher.onEvent(first);
    assertThat(alice.frames).extracting(f -> f.getLong("seq")).containsExactly(1L, 2L);
  }

  @Test
  void membershipChangesDuringTheInitialLoadAreNotLost() {
    FakeSubscriber alice = agent(Permission.AGENT.bit());
    alice.topics.add(Topic.agentChats(alice.actor.ownerId()));
    Promise<List<Participant>> slowLoad = Promise.promise();
    chatsOf.put(alice.actor.ownerId(), slowLoad.future());
    Future<Void> loaded = memberships.load(alice.actor);
    UUID joined = UUID.randomUUID();
    // snapshot taken before both changes: it still lists `chat`, not `joined`
    dispatcher.onEvent(event(joined, EventType.CHATPARTICIPANT_ADDED, participant(alice.actor.ownerId(), joined).toJson()));
    dispatcher.onEvent(event(chat, EventType.CHATPARTICIPANT_REMOVED, participant(alice.actor.ownerId(), chat).toJson()));
    slowLoad.complete(List.of(participant(alice.actor.ownerId(), chat)));
    assertThat(loaded.succeeded()).isTrue();
    assertThat(memberships.participates(alice.actor.ownerId(), joined)).isTrue();
    assertThat(memberships.participates(alice.actor.ownerId(), chat)).isFalse();
  }

  @Test
  void failedLoadIsRetriedOnTheNextSubscribe() {
    FakeSubscriber alice = agent(Permission.AGENT.bit(), chat);
    Future<List<Participant>> ok = chatsOf.get(alice.actor.ownerId());
    chatsOf.put(alice.actor.ownerId(), Future.failedFuture("talk-manager down"));
    assertThat(memberships.load(alice.actor).failed()).isTrue();
    chatsOf.put(alice.actor.ownerId(), ok);
    assertThat(memberships.load(alice.actor).succeeded()).isTrue();
    assertThat(memberships.participates(alice.actor.ownerId(), chat)).isTrue();
  }
}
