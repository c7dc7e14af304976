package io.talkmesh.gateway.http;

import io.talkmesh.common.error.ErrorBody;
import io.talkmesh.common.error.TalkException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.util.function.BooleanSupplier;

/** {@code /health/live} (the process answers) and {@code /health/ready} (its broker connection is up). */
public final class HealthRoutes {
  private HealthRoutes() {
  }

  public static void mount(Router router, BooleanSupplier ready) {
    router.get("/health/live").handler(ctx -> ctx.json(new JsonObject().put("status", "UP")));
    router.get("/health/ready").handler(ctx -> {
      if (ready.getAsBoolean()) {
        ctx.json(new JsonObject().put("status", "UP"));
      } else {
        ctx.response().setStatusCode(503).putHeader("Content-Type", "application/json")
            .end(ErrorBody.of(TalkException.unavailable("BROKER_UNAVAILABLE", "not connected to the message broker"),
                RequestIds.of(ctx)).encode());
      }
    });
  }
}
