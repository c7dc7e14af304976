package io.talkmesh.common.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.talkmesh.common.error.Status;
import io.talkmesh.common.error.TalkException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RpcRouterTest {
  private final RpcRouter router = new RpcRouter()
      .route("GET", "/v1/chats/{id}/participants", (r, p) -> Future.succeededFuture(new JsonObject().put("chat", p.get("id"))))
      .route("POST", "/v1/chats", (r, p) -> Future.succeededFuture(r.body()));

  private RpcResponse dispatch(String method, String uri, JsonObject body) throws Exception {
    return router.dispatch(RpcRequest.of(method, uri, body, null, "test", "r1"))
        .recover(err -> Future.succeededFuture(RpcResponse.error((TalkException) err)))
        .toCompletionStage().toCompletableFuture().get(1, TimeUnit.SECONDS);
  }

  @Test
  void pathParametersAreExtractedAndQueryIgnoredForMatching() throws Exception {
    RpcResponse response = dispatch("GET", "/v1/chats/abc/participants?page_size=3", null);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.data()).isEqualTo(new JsonObject().put("chat", "abc"));
  }

  @Test
  void unknownPathIsNotFoundAndWrongMethodIsInvalid() throws Exception {
    assertThat(dispatch("GET", "/v1/nothing", null).statusCode()).isEqualTo(Status.NOT_FOUND.httpStatus());
    assertThat(dispatch("DELETE", "/v1/chats", null).statusCode()).isEqualTo(Status.INVALID_ARGUMENT.httpStatus());
  }

  @Test
  void requestEnvelopeRoundTripsWithQueryDecoding() {
    RpcRequest request = RpcRequest.of("GET", "/v1/messages?chat_id=a%20b&page_size=5", null, null, "gw", "rid");
    RpcRequest back = RpcRequest.fromBuffer(request.toBuffer());
    assertThat(back.path()).isEqualTo("/v1/messages");
    assertThat(back.query()).containsEntry("chat_id", "a b").containsEntry("page_size", "5");
    assertThat(back.requestId()).isEqualTo("rid");
  }

  @Test
  void malformedEnvelopeIsInvalidArgument() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> RpcRequest.fromBuffer(io.vertx.core.buffer.Buffer.buffer("[1]")))
        .isInstanceOf(TalkException.class)
        .satisfies(e -> assertThat(((TalkException) e).status()).isEqualTo(Status.INVALID_ARGUMENT));
  }
}
