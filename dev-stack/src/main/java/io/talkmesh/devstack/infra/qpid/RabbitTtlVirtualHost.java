package io.talkmesh.devstack.infra.qpid;

import org.apache.qpid.server.model.ManagedObject;
import org.apache.qpid.server.model.VirtualHostNode;
import org.apache.qpid.server.store.MessageStore;
import org.apache.qpid.server.virtualhost.AbstractVirtualHost;

import java.util.Map;

/**
 * Qpid virtual host type {@value #TYPE}: Qpid's in-memory virtual host whose message store gives the
 * AMQP 0-9-1 {@code expiration} property RabbitMQ's meaning (a TTL in milliseconds, relative to
 * arrival) instead of Qpid's (an absolute epoch-millisecond timestamp). See
 * {@link RabbitTtlMemoryMessageStore}.
 */
@ManagedObject(category = false, type = RabbitTtlVirtualHost.TYPE)
public class RabbitTtlVirtualHost extends AbstractVirtualHost<RabbitTtlVirtualHost> {

  public static final String TYPE = "TalkRabbitTtlMemory";

  public RabbitTtlVirtualHost(Map<String, Object> attributes, VirtualHostNode<?> virtualHostNode) {
    super(attributes, virtualHostNode);
  }

  @Override
  protected MessageStore createMessageStore() {
    return new RabbitTtlMemoryMessageStore();
  }
}
