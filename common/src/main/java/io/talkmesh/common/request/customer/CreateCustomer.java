package io.talkmesh.common.request.customer;

import io.talkmesh.common.error.TalkException;
import io.talkmesh.common.operation.OperationInput;
import io.talkmesh.common.operation.Request;

/**
 * A new customer, as VoIPBIN's {@code POST /customers} body has it (absent fields are ""), and optionally its first
 * admin agent: {@code admin_username} and {@code admin_password} (beyond VoIPBIN's spec; both or neither). Without
 * them the customer has no agent until the platform operator gives it one this way; VoIPBIN makes the first agent
 * in its signup flows, which talk-mesh does not have.
 */
public record CreateCustomer(String name, String detail, String email, String phoneNumber, String address,
                             String webhookMethod, String webhookUri, String adminUsername, String adminPassword)
    implements Request {
  public static CreateCustomer from(OperationInput in) {
    String adminUsername = in.string("admin_username", null);
    String adminPassword = in.string("admin_password", null);
    if ((adminUsername == null || adminUsername.isEmpty()) != (adminPassword == null || adminPassword.isEmpty())) {
      throw TalkException.invalid("MISSING_FIELD", "admin_username and admin_password go together: give both or neither");
    }
    return new CreateCustomer(in.requiredString("name"), in.string("detail", ""), in.string("email", ""),
        in.string("phone_number", ""), in.string("address", ""), in.string("webhook_method", ""),
        in.string("webhook_uri", ""), emptyAsNull(adminUsername), emptyAsNull(adminPassword));
  }

  public boolean withAdmin() {
    return adminUsername != null;
  }

  public CustomerChanges fields() {
    return new CustomerChanges(name, detail, email, phoneNumber, address, webhookMethod, webhookUri);
  }

  private static String emptyAsNull(String value) {
    return value == null || value.isEmpty() ? null : value;
  }
}
