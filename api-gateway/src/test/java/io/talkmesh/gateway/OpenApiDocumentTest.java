package io.talkmesh.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.talkmesh.gateway.http.ConsoleRoutes;
import io.talkmesh.gateway.http.OpenApiRoutes;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keeps {@code openapi.json} true to the router: the set of (method, path) the router exposes equals the set the
 * document describes, every path parameter is documented, and {@code GET /v1.0/openapi.json} serves the document
 * without a token. No broker is needed: the router is built with a client that never connects.
 */
class OpenApiDocumentTest {
  private static final Set<String> HTTP_METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch",
      "trace");
  private static final Pattern VERTX_PARAM = Pattern.compile(":(\\w+)");
  private static final Pattern OPENAPI_PARAM = Pattern.compile("\\{(\\w+)}");

  private static Vertx vertx;
  private static Router router;
  private static JsonObject document;

  @BeforeAll
  static void buildRouter() throws Exception {
    vertx = Vertx.vertx();
    router = OfflineRouter.create(vertx, "openapi-test");
    try (InputStream in = OpenApiDocumentTest.class.getClassLoader().getResourceAsStream(OpenApiRoutes.RESOURCE)) {
      assertThat(in).as("classpath resource %s", OpenApiRoutes.RESOURCE).isNotNull();
      document = new JsonObject(Buffer.buffer(in.readAllBytes()));
    }
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  /**
   * "METHOD /path/{param}" for every route with a path; catch-all and failure routes have none. A route with a path
   * but no method, or a pure regex route, cannot be documented as such and shows up as "ANY ...". The console's
   * static pages are not API operations and are left out.
   */
  private static Set<String> routerOperations() {
    Set<String> operations = new TreeSet<>();
    for (Route route : router.getRoutes()) {
      String path = route.getPath();
      if (path != null && (path.equals(ConsoleRoutes.PATH) || path.startsWith(ConsoleRoutes.PATH + "/"))) {
        continue;
      }
      if (path == null) {
        if (route.isRegexPath()) {
          operations.add("ANY regex route " + route.getName());
        }
        continue;
      }
      String openApiPath = VERTX_PARAM.matcher(path).replaceAll("{$1}");
      Set<HttpMethod> methods = route.methods();
      if (methods == null || methods.isEmpty()) {
        operations.add("ANY " + openApiPath);
        continue;
      }
      methods.forEach(m -> operations.add(m.name() + " " + openApiPath));
    }
    return operations;
  }

  private static Set<String> documentOperations() {
    Set<String> operations = new TreeSet<>();
    JsonObject paths = document.getJsonObject("paths");
    for (String path : paths.fieldNames()) {
      for (String key : paths.getJsonObject(path).fieldNames()) {
        if (HTTP_METHODS.contains(key)) {
          operations.add(key.toUpperCase() + " " + path);
        }
      }
    }
    return operations;
  }

  @Test
  void documentDescribesExactlyTheRoutesOfTheRouter() {
    Set<String> routes = routerOperations();
    Set<String> documented = documentOperations();
    Set<String> undocumented = new TreeSet<>(routes);
    undocumented.removeAll(documented);
    Set<String> notRouted = new TreeSet<>(documented);
    notRouted.removeAll(routes);
    assertThat(routes).as("the router exposes no routes?").isNotEmpty();
    assertThat(undocumented.isEmpty() && notRouted.isEmpty())
        .as("openapi.json and the router disagree.%n  routed but missing from openapi.json: %s%n"
            + "  in openapi.json but not routed: %s", undocumented, notRouted)
        .isTrue();
  }

  @Test
  void documentIsOpenApi303WithItsSecuritySchemes() {
    assertThat(document.getString("openapi")).isEqualTo("3.0.3");
    assertThat(document.getJsonObject("info").getString("title")).isEqualTo("talk-mesh");
    assertThat(document.getJsonObject("info").getString("version")).isEqualTo("0.1.0");
    assertThat(document.getJsonObject("components").getJsonObject("securitySchemes").fieldNames())
        .contains("bearerAuth", "tokenQuery", "tokenCookie");
    assertThat(document.getJsonObject("components").getJsonObject("schemas").fieldNames())
        .contains("Agent", "Chat", "Participant", "Message", "Media", "Reaction", "ChatPage", "MessagePage",
            "AgentPage", "LoginRequest", "LoginResponse", "Error");
  }

  @Test
  void everyPathParameterIsDocumentedAsAUuid() {
    JsonObject paths = document.getJsonObject("paths");
    List<String> problems = new ArrayList<>();
    for (String path : paths.fieldNames()) {
      JsonObject item = paths.getJsonObject(path);
      for (String method : item.fieldNames()) {
        if (!HTTP_METHODS.contains(method)) {
          continue;
        }
        JsonArray params = item.getJsonObject(method).getJsonArray("parameters", new JsonArray());
        Matcher m = OPENAPI_PARAM.matcher(path);
        while (m.find()) {
          String name = m.group(1);
          boolean found = params.stream().map(p -> resolve((JsonObject) p))
              .anyMatch(p -> name.equals(p.getString("name")) && "path".equals(p.getString("in"))
                  && p.getBoolean("required", false)
                  && "uuid".equals(p.getJsonObject("schema", new JsonObject()).getString("format")));
          if (!found) {
            problems.add(method.toUpperCase() + " " + path + ": path parameter " + name);
          }
        }
      }
    }
    assertThat(problems).as("path parameters missing or not required uuids").isEmpty();
  }

  private static JsonObject resolve(JsonObject maybeRef) {
    String ref = maybeRef.getString("$ref");
    if (ref == null) {
      return maybeRef;
    }
    JsonObject node = document;
    for (String part : ref.substring(2).split("/")) {
      node = node.getJsonObject(part);
      assertThat(node).as("$ref %s resolves", ref).isNotNull();
    }
    return node;
  }

  @Test
  void openApiRouteServesTheDocumentWithoutAToken() throws Exception {
    HttpServer server = OfflineRouter.serve(vertx, router);
    WebClient http = OfflineRouter.client(vertx, server);
    try {
      HttpResponse<Buffer> response = http.get(OpenApiRoutes.PATH).send().await(10, TimeUnit.SECONDS);
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.getHeader("Content-Type")).startsWith("application/json");
      assertThat(response.bodyAsJsonObject()).isEqualTo(document);
    } finally {
      http.close();
      server.close().await(10, TimeUnit.SECONDS);
    }
  }
}
