package io.talkmesh.devstack.infra.qpid;

import org.apache.qpid.server.protocol.v0_8.MessageMetaData;
import org.apache.qpid.server.protocol.v0_8.transport.BasicContentHeaderProperties;
import org.apache.qpid.server.store.MemoryMessageStore;
import org.apache.qpid.server.store.MessageHandle;
import org.apache.qpid.server.store.StorableMessageMetaData;

/**
 * Qpid Broker-J reads the AMQP 0-8/0-9/0-9-1 {@code expiration} property as an absolute time
 * (epoch millis, the convention of Qpid's own 0-x JMS client), so a RabbitMQ-style relative TTL such
 * as {@code "3000"} is a date in 1970 and the message expires at once. Every message passes through
 * {@link #addMessage} before it is routed, and Qpid computes a queue entry's expiry from the stored
 * header, so this store rewrites a small (relative) value to {@code arrival time + TTL}.
 * Values already past {@link #ABSOLUTE_THRESHOLD_MS} are left alone (treated as absolute).
 * Consumers then see the absolute value in the delivered {@code expiration} property.
 */
public class RabbitTtlMemoryMessageStore extends MemoryMessageStore {

  /** 2001-09-09: anything smaller is a relative TTL (up to ~31 years), anything larger a timestamp. */
  static final long ABSOLUTE_THRESHOLD_MS = 1_000_000_000_000L;

  @Override
  public <T extends StorableMessageMetaData> MessageHandle<T> addMessage(T metaData) {
    if (metaData instanceof MessageMetaData amqp0x) {
      BasicContentHeaderProperties props = amqp0x.getContentHeaderBody().getProperties();
      if (props.hasExpiration()) {
        long ttl = props.getExpiration();
        if (ttl >= 0 && ttl < ABSOLUTE_THRESHOLD_MS) {
          // an expiration of 0 means "expire unless deliverable now" in RabbitMQ; 1 ms is close enough
          props.setExpiration(amqp0x.getArrivalTime() + Math.max(ttl, 1L));
        }
      }
    }
    return super.addMessage(metaData);
  }
}
