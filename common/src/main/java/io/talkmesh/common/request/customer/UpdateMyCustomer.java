package io.talkmesh.common.request.customer;

import io.talkmesh.common.operation.OperationInput;
import io.talkmesh.common.operation.Request;

/** A customer admin's change of its own customer ({@code PUT /customer}); a null field is left as it is. */
public record UpdateMyCustomer(String name, String detail, String email, String phoneNumber, String address,
                               String webhookMethod, String webhookUri) implements Request {
  public static UpdateMyCustomer from(OperationInput in) {
    CustomerChanges c = CustomerChanges.from(in);
    return new UpdateMyCustomer(c.name(), c.detail(), c.email(), c.phoneNumber(), c.address(), c.webhookMethod(),
        c.webhookUri());
  }

  public CustomerChanges changes() {
    return new CustomerChanges(name, detail, email, phoneNumber, address, webhookMethod, webhookUri);
  }
}
