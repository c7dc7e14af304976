package io.talkmesh.common.model;

import java.util.Set;

/**
 * Agent permission bits, as VoIPBIN's agent {@code permission} bitmask ({@code AgentManagerAgentPermission}):
 * 16 CustomerAgent, 32 CustomerAdmin, 64 CustomerManager. An admin has every power of a manager and of an agent.
 */
public enum Permission {
  /** VoIPBIN's PermissionProjectSuperAdmin: the platform operator only, never an agent of a customer. */
  PROJECT_SUPER_ADMIN(0x01),
  AGENT(0x10),
  ADMIN(0x20),
  MANAGER(0x40);

  /**
   * The values of VoIPBIN's enum an admin may give within a customer: 0 None (the agent may do nothing), 16 Agent,
   * 32 Admin, 64 Manager, 240 CustomerAll. The platform values (1 ProjectSuperAdmin, 15 ProjectAll, 65535 All) and
   * any other combination are granted by nobody through the agent API.
   */
  public static final Set<Long> CUSTOMER_GRANTABLE = Set.of(0L, 0x10L, 0x20L, 0x40L, 0xF0L);

  private final long bit;

  Permission(long bit) {
    this.bit = bit;
  }

  public long bit() {
    return bit;
  }

  public boolean grantedTo(long permission) {
    return (permission & bit) != 0;
  }

  /** Whether a permission holds any role bit; one without (VoIPBIN's PermissionNone, 0) may do nothing. */
  public static boolean anyRole(long permission) {
    for (Permission role : values()) {
      if (role.grantedTo(permission)) {
        return true;
      }
    }
    return false;
  }

  /** Whether an admin of a customer may give this value ({@link #CUSTOMER_GRANTABLE}). */
  public static boolean grantable(long permission) {
    return CUSTOMER_GRANTABLE.contains(permission);
  }
}
