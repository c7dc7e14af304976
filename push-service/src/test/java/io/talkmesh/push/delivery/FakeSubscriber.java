package io.talkmesh.push.delivery;

import io.talkmesh.common.event.Event;
import io.talkmesh.common.model.Actor;
import io.talkmesh.common.push.Topic;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** A session as delivery sees it, recording what it was handed (the delivery and typing tests' subscriber). */
public final class FakeSubscriber implements Subscriber {
  public final Actor actor;
  public final Set<Topic> topics = new HashSet<>();
  public final Set<UUID> publicChats = new HashSet<>();
  public final List<JsonObject> frames = new ArrayList<>();
  public final List<UUID> followed = new ArrayList<>();

  public FakeSubscriber(Actor actor) {
    this.actor = actor;
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

  @Override
  public void deliver(Event event, String frame) {
    frames.add(new JsonObject(frame));
  }

  @Override
  public void followFrom(Event event, Future<Void> bound) {
    followed.add(event.chatId());
  }

  /** Set to make {@link #offer} find the outbound buffer full. */
  public boolean full;

  @Override
  public boolean offer(String frame) {
    if (full) {
      return false;
    }
    frames.add(new JsonObject(frame));
    return true;
  }

  @Override
  public Future<Void> push(String frame) {
    frames.add(new JsonObject(frame));
    return Future.succeededFuture();
  }

  public List<String> types() {
    return frames.stream().map(f -> f.getString("type")).toList();
  }
}
