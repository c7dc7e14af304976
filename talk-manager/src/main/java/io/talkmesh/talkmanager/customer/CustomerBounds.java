package io.talkmesh.talkmanager.customer;

import io.talkmesh.common.error.TalkException;
import io.talkmesh.common.json.Fields;
import io.talkmesh.common.model.Customer;
import io.talkmesh.common.request.customer.CustomerChanges;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What a customer's fields may hold, checked in memory before any query (docs/rpc.md, "Bounds"): each string is
 * bounded, {@code webhook_method} is one of VoIPBIN's values, {@code webhook_uri} is empty or an absolute http(s)
 * URL with a host, {@code email} is empty or looks like one address. A null field (left as it is) passes.
 */
final class CustomerBounds {
  static final int MAX_NAME = 255;
  static final int MAX_DETAIL = 4096;
  /** RFC 5321's longest forward path. */
  static final int MAX_EMAIL = 254;
  static final int MAX_PHONE_NUMBER = 64;
  static final int MAX_ADDRESS = 1024;
  static final int MAX_WEBHOOK_URI = 2048;
  private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+");

  private CustomerBounds() {
  }

  /** The changes, each field checked; throws INVALID_ARGUMENT naming the first field that is not acceptable. */
  static CustomerChanges check(CustomerChanges c) {
    Fields.limited("name", c.name(), MAX_NAME);
    Fields.limited("detail", c.detail(), MAX_DETAIL);
    Fields.limited("email", c.email(), MAX_EMAIL);
    Fields.limited("phone_number", c.phoneNumber(), MAX_PHONE_NUMBER);
    Fields.limited("address", c.address(), MAX_ADDRESS);
    Fields.limited("webhook_uri", c.webhookUri(), MAX_WEBHOOK_URI);
    if (c.email() != null && !c.email().isEmpty() && !EMAIL.matcher(c.email()).matches()) {
      throw TalkException.invalid("INVALID_EMAIL", "email must be one address (name@domain)");
    }
    if (c.webhookMethod() != null && !Customer.WEBHOOK_METHODS.contains(c.webhookMethod())) {
      throw TalkException.invalid("INVALID_WEBHOOK_METHOD", "webhook_method must be one of \"\", POST, GET, PUT, DELETE");
    }
    if (c.webhookUri() != null && !c.webhookUri().isEmpty() && !httpUrl(c.webhookUri())) {
      throw TalkException.invalid("INVALID_WEBHOOK_URI", "webhook_uri must be an absolute http:// or https:// URL");
    }
    return c;
  }

  private static boolean httpUrl(String text) {
    try {
      URI uri = new URI(text);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null && !uri.getHost().isEmpty();
    } catch (URISyntaxException e) {
      return false;
    }
  }
}
