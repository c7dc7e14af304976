package io.talkmesh.common.request.customer;

import io.talkmesh.common.operation.OperationInput;

/**
 * The customer fields a PUT sets (VoIPBIN's update body); a null field is left as it is. Not a request of its own:
 * {@link UpdateCustomer} and {@link UpdateMyCustomer} carry the same fields.
 */
public record CustomerChanges(String name, String detail, String email, String phoneNumber, String address,
                              String webhookMethod, String webhookUri) {
  static CustomerChanges from(OperationInput in) {
    return new CustomerChanges(in.string("name", null), in.string("detail", null), in.string("email", null),
        in.string("phone_number", null), in.string("address", null), in.string("webhook_method", null),
        in.string("webhook_uri", null));
  }
}
