package io.talkmesh.push.session;

import io.talkmesh.common.model.Actor;
import io.talkmesh.common.push.PushFrames;
import io.talkmesh.common.push.Topic;
import io.talkmesh.push.delivery.Subscriber;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import java.util.HashSet;
import java.util.Set;

/**
 * One authenticated WebSocket connection: the agent, its active topics, and the socket. A client that lets more
 * than {@code maxQueue} frames (or the socket's byte limit) pile up is closed with 4008 "slow consumer: resume",
 * never silently skipped: it reconnects and reloads what it missed.
 */
public final class Session implements Subscriber {
  private final Actor actor;
  private final ServerWebSocket socket;
  private final int maxQueue;
  private final Set<Topic> topics = new HashSet<>();
  private int queued;
  private boolean open = true;

  public Session(Actor actor, ServerWebSocket socket, int maxQueue) {
    this.actor = actor;
    this.socket = socket;
    this.maxQueue = maxQueue;
  }

  @Override
  public Actor actor() {
    return actor;
  }

  @Override
  public Set<Topic> topics() {
    return topics;
  }

  public boolean isOpen() {
    return open;
  }

  public void send(JsonObject frame) {
    push(frame.encode());
  }

  @Override
  public void push(String frame) {
    if (!open) {
      return;
    }
    if (queued >= maxQueue || socket.writeQueueFull()) {
      close(PushFrames.CLOSE_SLOW_CONSUMER, PushFrames.CLOSE_SLOW_CONSUMER_REASON);
      return;
    }
    queued++;
    socket.writeTextMessage(frame).onComplete(ar -> queued--);
  }

  public void ping() {
    if (open) {
      socket.writePing(Buffer.buffer());
    }
  }

  public void close(short code, String reason) {
    if (open) {
      open = false;
      socket.close(code, reason);
    }
  }

  /** The socket closed (either side). */
  void closed() {
    open = false;
  }
}
