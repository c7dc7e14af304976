package io.talkmesh.devstack.infra.qpid;

import org.apache.qpid.server.model.ConfiguredObject;
import org.apache.qpid.server.plugin.ConfiguredObjectRegistration;

import java.util.Collection;
import java.util.Set;

/** Registers {@link RabbitTtlVirtualHost} with Qpid's object model (registered in META-INF/services). */
public final class RabbitTtlRegistration implements ConfiguredObjectRegistration {

  @Override
  public Collection<Class<? extends ConfiguredObject>> getConfiguredObjectClasses() {
    return Set.of(RabbitTtlVirtualHost.class);
  }

  @Override
  public String getType() {
    return "io.talkmesh.devstack.infra.qpid";
  }
}
