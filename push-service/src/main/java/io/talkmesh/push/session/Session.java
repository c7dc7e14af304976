package io.talkmesh.push.session;

import io.talkmesh.common.event.Event;
import io.talkmesh.common.event.EventType;
import io.talkmesh.common.event.LoggedEvent;
import io.talkmesh.common.model.Actor;
import io.talkmesh.common.model.Participant;
import io.talkmesh.common.push.PushFrames;
import io.talkmesh.common.push.Topic;
import io.talkmesh.common.talks.TalksJson;
import io.talkmesh.push.delivery.Subscriber;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * One authenticated WebSocket connection: the agent, its active topics, the public channels it reads by id, the
 * binding patterns it holds, the chats it resumed, and the socket. Outbound frames are bounded: a client that lets
 * more than {@code maxQueue} frames (or the socket's byte limit) pile up is closed with 4008 "slow consumer:
 * resume", never silently skipped: it reconnects and resumes from the last seq it saw.
 */
public final class Session implements Subscriber {
  private final Actor actor;
  private final ServerWebSocket socket;
  private final int maxQueue;
  private final CloseCounts closes;
  private final Resume resume;
  private final Set<Topic> topics = new HashSet<>();
  private final Set<UUID> publicChats = new HashSet<>();
  private final Set<String> patterns = new HashSet<>();
  private final Set<Topic> held = new HashSet<>();
  private final Map<UUID, ChatCursor<Live>> cursors = new HashMap<>();
  /** Chats waiting for a catch-up slot, in request order, each once ({@link #MAX_CONCURRENT_RESUMES} run at once). */
  private final Set<UUID> waitingResumes = new LinkedHashSet<>();
  private int resuming;
  /** Topics being checked by subscribe frames in flight: they count against the per-session topic cap. */
  private int reservedTopics;
  private Future<Void> tracking;
  private long expiryTimer = -1;
  private int queued;
  private boolean talksEvents;
  private boolean open = true;
  private long lastActivity = System.nanoTime();
  /** Which slice of the ping interval pings this session ({@link #pingSlices}). */
  private final int pingSlot = java.util.concurrent.ThreadLocalRandom.current().nextInt(Integer.MAX_VALUE);

  /** Catch-ups (event log fetches) of one session running at once; the others wait their turn. */
  public static final int MAX_CONCURRENT_RESUMES = 4;

  /** A live event held while its chat catches up. */
  record Live(Event event, String frame) {
  }

  public Session(Actor actor, ServerWebSocket socket, int maxQueue, CloseCounts closes, Resume resume) {
    this.actor = actor;
    this.socket = socket;
    this.maxQueue = maxQueue;
    this.closes = closes;
    this.resume = resume;
  }

  @Override
  public Actor actor() {
    return actor;
  }

  @Override
  public Set<Topic> topics() {
    return topics;
  }

  @Override
  public boolean readsPublicChat(UUID chatId) {
    return publicChats.contains(chatId);
  }

  /** Public channels granted at subscribe time (talk-manager said: a {@code talk} chat of the agent's customer). */
  public Set<UUID> publicChats() {
    return publicChats;
  }

  /** The binding patterns this session holds (released when it closes or no topic needs them). */
  public Set<String> patterns() {
    return patterns;
  }

  /** The topics whose chats this session holds bindings for (released when it closes or unsubscribes them). */
  public Set<Topic> held() {
    return held;
  }

  public boolean isOpen() {
    return open;
  }

  /**
   * Opts this session in to the talks API's frames (seed 003: message_created, participant_joined, ...): the same
   * events, seq and order, named and shaped as that API ({@link TalksJson#frame}).
   */
  public Session talksEvents(boolean talksEvents) {
    this.talksEvents = talksEvents;
    return this;
  }

  /** The frame of an event from the chat's log, as this session's client wants it. */
  String frame(LoggedEvent event) {
    return talksEvents ? TalksJson.frame(event.type(), event.seq(), event.data()).encode() : event.toFrame().encode();
  }

  @Override
  public void deliver(Event event, String plainFrame) {
    String frame = talksEvents ? TalksJson.frame(event.type(), event.seq(), event.data()).encode() : plainFrame;
    ChatCursor<Live> cursor = cursors.get(event.chatId());
    if (cursor == null) {
      push(frame);
      afterEvent(event.chatId(), event.type(), event.data());
      return;
    }
    switch (cursor.offer(event.seq(), new Live(event, frame))) {
      case DELIVER -> emit(cursor, event.seq(), event.type(), event.data(), frame);
      case GAP -> scheduleCatchUp(cursor.chatId());
      case OVERFLOW -> close(PushFrames.CLOSE_SLOW_CONSUMER, PushFrames.CLOSE_SLOW_CONSUMER_REASON);
      case DROP, HELD -> { }
    }
  }

  @Override
  public void followFrom(Event event, Future<Void> bound) {
    UUID chatId = event.chatId();
    if (!open || cursors.containsKey(chatId) || !cursorKept(event)) {
      return;
    }
    cursors.put(chatId, new ChatCursor<>(chatId, event.seq(), maxQueue, true));
    bound.onComplete(ar -> scheduleCatchUp(chatId));
  }

  /** After its own removal or the chat's deletion a session follows the chat no more. */
  private boolean cursorKept(Event event) {
    return !(event.type() == EventType.CHAT_DELETED
        || event.type() == EventType.CHATPARTICIPANT_REMOVED && isSelf(event.data()));
  }

  /** Starts resuming a chat from the client's last seq: live events of it are held until {@link #catchUp}. */
  public void startResume(UUID chatId, long lastSeq) {
    cursors.put(chatId, new ChatCursor<>(chatId, lastSeq, maxQueue));
  }

  /**
   * Sends the chat's missed events, then the held live ones (see {@link Resume}), once one of the session's
   * {@link #MAX_CONCURRENT_RESUMES} catch-up slots is free: one connection never has more event-log reads in flight.
   */
  public void catchUp(UUID chatId) {
    scheduleCatchUp(chatId);
  }

  private void scheduleCatchUp(UUID chatId) {
    if (!open || !cursors.containsKey(chatId)) {
      return;
    }
    if (resuming >= MAX_CONCURRENT_RESUMES) {
      waitingResumes.add(chatId);
      return;
    }
    resuming++;
    resume.catchUp(this, cursors.get(chatId)).onComplete(ar -> {
      resuming--;
      java.util.Iterator<UUID> next = waitingResumes.iterator();
      if (next.hasNext()) {
        UUID chat = next.next();
        next.remove();
        scheduleCatchUp(chat);
      }
    });
  }

  /** How many chats of this session the client asked to catch up (fetching from the log, or waiting to). */
  public int catchingUp() {
    int n = 0;
    for (ChatCursor<Live> c : cursors.values()) {
      if (c.catchingUp() && !c.internal()) {
        n++;
      }
    }
    return n;
  }

  /** Whether the chat has a cursor that is still catching up. */
  public boolean catchingUp(UUID chatId) {
    ChatCursor<Live> c = cursors.get(chatId);
    return c != null && c.catchingUp();
  }

  /** Topics active or being checked: what the per-session topic cap counts. */
  public int topicsHeld() {
    return topics.size() + reservedTopics;
  }

  public void reserveTopics(int n) {
    reservedTopics += n;
  }

  /** The customer's tracking bindings this session holds (null until its first subscribe). */
  public Future<Void> tracking() {
    return tracking;
  }

  public void tracking(Future<Void> tracking) {
    this.tracking = tracking;
  }

  private long tokenIssuedAtMs;

  /** When the session's token was issued (epoch ms): an access change may make it dead. */
  void tokenIssuedAt(long issuedAtMs) {
    this.tokenIssuedAtMs = issuedAtMs;
  }

  /**
   * Closes the session (4003) when its agent's new access no longer admits its token, or takes a role bit its
   * permission had; a change that removes nothing leaves it open. Whether it closed.
   */
  public boolean closeIfRevoked(io.talkmesh.common.auth.AccessState state) {
    if (!state.agentId().equals(actor.ownerId())) {
      return false;
    }
    if (!state.admits(actor.customerId(), actor.sessionId(), tokenIssuedAtMs)) {
      close(PushFrames.CLOSE_ACCESS_CHANGED, PushFrames.CLOSE_ACCESS_REVOKED_REASON);
      return true;
    }
    if ((actor.permission() & ~state.permission()) != 0) {
      close(PushFrames.CLOSE_ACCESS_CHANGED, PushFrames.CLOSE_PERMISSION_CHANGED_REASON);
      return true;
    }
    return false;
  }

  /** The timer that closes the session when its token expires (cancelled when it closes). */
  void expiryTimer(long timerId) {
    this.expiryTimer = timerId;
  }

  long expiryTimer() {
    return expiryTimer;
  }

  ChatCursor<Live> cursor(UUID chatId) {
    return cursors.get(chatId);
  }

  /** Stops tracking a chat's seq (the client unsubscribed it, or it was reset). */
  public void forgetCursor(UUID chatId) {
    cursors.remove(chatId);
    waitingResumes.remove(chatId);
  }

  /** Sends one event of a tracked chat and moves its cursor; returns the socket write. */
  Future<Void> emit(ChatCursor<Live> cursor, long seq, EventType type, JsonObject data, String frame) {
    cursor.delivered(seq);
    Future<Void> written = push(frame);
    afterEvent(cursor.chatId(), type, data);
    return written;
  }

  /** Ends a catch-up: sends the held live events in order; later live events of the chat pass straight through. */
  void goLive(ChatCursor<Live> cursor) {
    List<Live> held = cursor.goLive();
    for (Live live : held) {
      if (!open || cursors.get(cursor.chatId()) != cursor) {
        return;
      }
      emit(cursor, live.event().seq(), live.event().type(), live.event().data(), live.frame());
    }
  }

  /** After the agent's own removal, or the chat's deletion, the session receives nothing more of that chat. */
  private void afterEvent(UUID chatId, EventType type, JsonObject data) {
    if (type == EventType.CHAT_DELETED || type == EventType.CHATPARTICIPANT_REMOVED && isSelf(data)) {
      cursors.remove(chatId);
      publicChats.remove(chatId);
    }
  }

  private boolean isSelf(JsonObject data) {
    return Event.decodeData(data, Participant::fromJson)
        .filter(participant -> participant.isAgent() && participant.ownerId().equals(actor.ownerId())).isPresent();
  }

  public void send(JsonObject frame) {
    push(frame.encode());
  }

  /** Writes a frame unless the outbound buffer is full, in which case the client is closed to resume. */
  public Future<Void> push(String frame) {
    if (!open || socket.isClosed()) {
      // the client may close before this session's close handler ran: writeQueueFull() would throw on that socket
      return Future.succeededFuture();
    }
    if (queued >= maxQueue || socket.writeQueueFull()) {
      close(PushFrames.CLOSE_SLOW_CONSUMER, PushFrames.CLOSE_SLOW_CONSUMER_REASON);
      return Future.succeededFuture();
    }
    queued++;
    return socket.writeTextMessage(frame).andThen(ar -> queued--);
  }

  /**
   * Writes an ephemeral frame (typing) if the outbound buffer has room, else drops it: a signal is worth less than
   * the events behind it, and a client must never be closed as slow for one (docs/websocket.md, "Typing").
   */
  @Override
  public boolean offer(String frame) {
    if (!open || socket.isClosed() || queued >= maxQueue || socket.writeQueueFull()) {
      return false;
    }
    queued++;
    socket.writeTextMessage(frame).andThen(ar -> queued--);
    return true;
  }

  /** When this session last sent a typing start for the chat (nanos), to forward one per interval at most. */
  private final java.util.Map<UUID, Long> typingSent = new io.talkmesh.common.bounded.LruMap<>(64);

  /** Whether a typing start for the chat may go out now: the previous one went out at least {@code everyNanos} ago. */
  public boolean typingStartDue(UUID chatId, long now, long everyNanos) {
    Long last = typingSent.get(chatId);
    if (last != null && now - last < everyNanos) {
      return false;
    }
    typingSent.put(chatId, now);
    return true;
  }

  /** Whether a stop is worth sending (a start went out and was not stopped yet); forgets the start. */
  public boolean typingStopDue(UUID chatId) {
    return typingSent.remove(chatId) != null;
  }

  /** The client showed it is alive (a frame or a pong). */
  public void touched() {
    lastActivity = System.nanoTime();
  }

  /** Slices of ~250 ms the ping interval is cut into (1 for intervals under half a second, at most 80). */
  public static int pingSlices(long pingMs) {
    return (int) Math.max(1, Math.min(80, pingMs / 250));
  }

  /** The slice, of {@code slices}, in which this session is pinged. */
  public int pingSlice(int slices) {
    return pingSlot % slices;
  }

  /** Pings the client, or closes it when it has been silent for longer than the idle timeout. */
  public void keepAlive(long idleNanos, long now, short idleCode, String idleReason) {
    if (!open) {
      return;
    }
    if (now - lastActivity > idleNanos) {
      close(idleCode, idleReason);
    } else {
      socket.writePing(Buffer.buffer());
    }
  }

  public void close(short code, String reason) {
    if (open) {
      open = false;
      closes.count(code);
      socket.close(code, reason);
    }
  }

  /** The socket closed (either side); a close the client started is counted under its code. */
  void closed() {
    if (open) {
      open = false;
      Short code = socket.closeStatusCode();
      closes.count(code == null ? 1006 : code);
    }
  }
}
