package io.talkmesh.common.request.customer;

import io.talkmesh.common.operation.FromPath;
import io.talkmesh.common.operation.OperationInput;
import io.talkmesh.common.operation.Request;
import java.util.UUID;

/** The platform operator's change of any customer; a null field is left as it is. */
public record UpdateCustomer(@FromPath UUID id, String name, String detail, String email, String phoneNumber,
                             String address, String webhookMethod, String webhookUri) implements Request {
  public static UpdateCustomer from(OperationInput in) {
    CustomerChanges c = CustomerChanges.from(in);
    return new UpdateCustomer(in.id("id"), c.name(), c.detail(), c.email(), c.phoneNumber(), c.address(),
        c.webhookMethod(), c.webhookUri());
  }

  public CustomerChanges changes() {
    return new CustomerChanges(name, detail, email, phoneNumber, address, webhookMethod, webhookUri);
  }
}
