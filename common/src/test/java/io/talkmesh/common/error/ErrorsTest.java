package io.talkmesh.common.error;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.talkmesh.common.rpc.RpcResponse;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The wire's errors: each status word's HTTP status, and a failure read back as the error it was sent as. */
class ErrorsTest {

  @ParameterizedTest(name = "{0} is HTTP {1}")
  @CsvSource({"INVALID_ARGUMENT, 400", "UNAUTHENTICATED, 401", "PERMISSION_DENIED, 403", "NOT_FOUND, 404",
      "ALREADY_EXISTS, 409", "FAILED_PRECONDITION, 409", "RESOURCE_EXHAUSTED, 429", "INTERNAL, 500",
      "UNAVAILABLE, 503", "DEADLINE_EXCEEDED, 504"})
  void eachStatusWordHasItsHttpStatus(Status status, int http) {
    assertThat(status.httpStatus()).isEqualTo(http);
    assertThat(HttpAnswer.of(new TalkException(status, "R", "m")).httpStatus()).isEqualTo(http);
  }

  @Test
  void anHttpStatusIsReadBackAsTheFirstWordForIt() {
    assertThat(Status.ofHttp(409)).isEqualTo(Status.ALREADY_EXISTS);
    assertThat(Status.ofHttp(418)).isEqualTo(Status.INVALID_ARGUMENT);
    assertThat(Status.ofHttp(502)).isEqualTo(Status.INTERNAL);
  }

  @Test
  void anErrorReplyIsDecodedAsTheErrorThatWasEncoded() {
    TalkException sent = TalkException.exhausted("LOGIN_THROTTLED", 7, "wait %d s", 7);
    RpcResponse reply = RpcResponse.fromBuffer(RpcResponse.error(sent).toBuffer());
    TalkException got = catchThrowableOfType(TalkException.class, reply::dataOrThrow);
    assertThat(reply.statusCode()).isEqualTo(429);
    assertThat(got.toJson()).isEqualTo(sent.toJson());
  }

  @Test
  void aTimeoutIs504AndAnythingUnknownIsInternalWithItsCause() {
    assertThat(Errors.toTalk(new TimeoutException()).reason()).isEqualTo("UPSTREAM_TIMEOUT");
    assertThat(RpcResponse.error(new TimeoutException()).statusCode()).isEqualTo(504);
    IllegalStateException bug = new IllegalStateException("bug");
    TalkException internal = Errors.toTalk(bug);
    assertThat(internal.toJson().encode()).isEqualTo("{\"status\":\"INTERNAL\",\"reason\":\"INTERNAL\",\"message\":\"internal error\"}");
    assertThat(internal.getCause()).isSameAs(bug);
  }

  @Test
  void statusCodesWithoutAWordOfTheirOwnKeepTheirCode() {
    assertThat(HttpAnswer.ofStatusCode(405).httpStatus()).isEqualTo(405);
    assertThat(HttpAnswer.ofStatusCode(405).error().reason()).isEqualTo("METHOD_NOT_ALLOWED");
    assertThat(HttpAnswer.ofStatusCode(413).httpStatus()).isEqualTo(413);
    assertThat(HttpAnswer.ofStatusCode(413).error().status()).isEqualTo(Status.RESOURCE_EXHAUSTED);
    assertThat(HttpAnswer.ofStatusCode(404).body("r-1").encode()).isEqualTo(
        "{\"error\":{\"status\":\"NOT_FOUND\",\"reason\":\"ROUTE_NOT_FOUND\",\"message\":\"no such route\",\"request_id\":\"r-1\"}}");
  }
}
