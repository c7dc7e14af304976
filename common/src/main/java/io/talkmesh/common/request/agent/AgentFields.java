package io.talkmesh.common.request.agent;

import io.talkmesh.common.error.TalkException;
import io.talkmesh.common.json.Fields;
import io.talkmesh.common.model.Agent;
import io.talkmesh.common.model.Permission;
import io.talkmesh.common.operation.OperationInput;

/** The agent API's field rules, read once for every request that carries them; a bad value is a 400 naming it. */
final class AgentFields {
  private AgentFields() {
  }

  /** {@code ring_method}: absent is null (unchanged), else one of {@link Agent#RING_METHODS}. */
  static String ringMethod(OperationInput in) {
    String value = in.string("ring_method", null);
    if (value != null && !Agent.RING_METHODS.contains(value)) {
      throw TalkException.invalid("INVALID_RING_METHOD", "ring_method must be one of %s", Agent.RING_METHODS);
    }
    return value;
  }

  /** {@code status}: required, one of {@link Agent#STATUSES}. */
  static String status(OperationInput in) {
    String value = in.string("status", null);
    if (value == null) {
      throw TalkException.invalid("MISSING_FIELD", "status is required");
    }
    if (!Agent.STATUSES.contains(value)) {
      throw TalkException.invalid("INVALID_STATUS", "status must be one of %s", Agent.STATUSES);
    }
    return value;
  }

  /** {@code password}: required and non-empty (its byte bound is the agent directory's rule). */
  static String password(OperationInput in) {
    return Fields.requiredString(in.body(), "password");
  }

  /**
   * A permission an admin may give: a non-negative integer (400 INVALID_FIELD), and one of the values VoIPBIN's enum
   * has within a customer ({@link Permission#CUSTOMER_GRANTABLE}; 400 INVALID_PERMISSION otherwise: the platform
   * values 1, 15 and 65535 and any other combination).
   */
  static long permission(Object value) {
    if (!(value instanceof Number n) || n.longValue() < 0 || n.doubleValue() != n.longValue()) {
      throw TalkException.invalid("INVALID_FIELD", "permission must be a non-negative integer");
    }
    if (!Permission.grantable(n.longValue())) {
      throw TalkException.invalid("INVALID_PERMISSION", "permission must be one of %s (a customer's roles)",
          Permission.CUSTOMER_GRANTABLE.stream().sorted().toList());
    }
    return n.longValue();
  }
}
