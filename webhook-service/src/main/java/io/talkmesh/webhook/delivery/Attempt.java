package io.talkmesh.webhook.delivery;

/**
 * The outcome of one POST to an endpoint.
 *
 * @param delivered  a 2xx answer
 * @param statusCode the answer's status, 0 when there was none
 * @param error      why it failed (null when delivered)
 * @param millis     from the start of the attempt to its end
 */
public record Attempt(boolean delivered, int statusCode, String error, long millis) {
  static Attempt failed(String error, long millis) {
    return new Attempt(false, 0, error, millis);
  }
}
