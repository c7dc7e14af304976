package io.talkmesh.common.model;

/** Agent permission bits, as VoIPBIN's agent {@code permission} bitmask. */
public enum Permission {
  /** VoIPBIN's PermissionProjectSuperAdmin: the platform operator only, never an agent of a customer. */
  PROJECT_SUPER_ADMIN(0x01),
  AGENT(0x10),
  MANAGER(0x20),
  ADMIN(0x40);

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
}
