package io.talkmesh.push.delivery;

import io.talkmesh.common.model.Actor;
import io.talkmesh.common.push.Topic;
import java.util.Set;

/** A connection as delivery sees it: who it is, which topics are active on it, and how to push a frame to it. */
public interface Subscriber {
  Actor actor();

  Set<Topic> topics();

  /** Pushes an encoded frame, or closes the connection if it cannot keep up. */
  void push(String frame);
}
