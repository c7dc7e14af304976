package io.talkmesh.devstack.infra.qpid;

import org.apache.qpid.server.model.AbstractConfiguredObjectTypeFactory;
import org.apache.qpid.server.model.ConfiguredObject;
import org.apache.qpid.server.model.VirtualHostNode;

import java.util.Map;

/** Qpid plugin factory for {@link RabbitTtlVirtualHost} (registered in META-INF/services). */
public final class RabbitTtlVirtualHostFactory extends AbstractConfiguredObjectTypeFactory<RabbitTtlVirtualHost> {

  public RabbitTtlVirtualHostFactory() {
    super(RabbitTtlVirtualHost.class);
  }

  @Override
  protected RabbitTtlVirtualHost createInstance(Map<String, Object> attributes, ConfiguredObject<?> parent) {
    return new RabbitTtlVirtualHost(attributes, (VirtualHostNode<?>) parent);
  }
}
