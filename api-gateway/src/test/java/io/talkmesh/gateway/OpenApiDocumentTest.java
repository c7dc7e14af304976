package io.talkmesh.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.talkmesh.common.auth.Jwt;
import io.talkmesh.common.client.TalkManagerClient;
import io.talkmesh.common.amqp.Amqp;
import io.talkmesh.common.operation.Codec;
import io.talkmesh.common.operation.Operation;
import io.talkmesh.common.operation.RequestFields;
import io.talkmesh.common.operation.Param;
import io.talkmesh.common.rpc.RpcClient;
import io.talkmesh.gateway.http.ConsoleRoutes;
import io.talkmesh.gateway.http.GatewayRouter;
import io.talkmesh.gateway.auth.LoginRoutes;
import io.talkmesh.gateway.http.AsyncApiRoutes;
import io.talkmesh.gateway.http.OpenApiRoutes;
import io.talkmesh.gateway.route.PublicRoute;
import io.talkmesh.gateway.route.PublicRoutes;
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
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Keeps {@code openapi.json} true to the router, to the table of public routes ({@link PublicRoutes}) and to the
 * operation catalogue they name, field by field and both ways: the set of (method, path) the router exposes equals
 * the set the document describes; each route's query and path parameters, request body and answer schema are the
 * ones of its operation, and a documented answer has exactly the keys its model writes. {@code GET
 * /v1.0/openapi.json} serves the document without a token. No broker is needed: the router is built with a client
 * that never connects.
 */
class OpenApiDocumentTest {
  private static final Set<String> HTTP_METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch",
      "trace");
  private static final Pattern VERTX_PARAM = Pattern.compile(":(\\w+)");
  private static final Pattern OPENAPI_PARAM = Pattern.compile("\\{(\\w+)}");

  /** The documented operations the gateway answers itself, not routes of {@link PublicRoutes}. */
  private static final Set<String> GATEWAYS_OWN = Set.of("GET /health/live", "GET /health/ready",
      "GET " + OpenApiRoutes.PATH, "GET " + AsyncApiRoutes.PATH);
  /** Request fields the gateway adds to what the client sends: not part of the public body. */
  private static final Map<Operation<?, ?>, Set<String>> GATEWAY_SUPPLIED = Map.of(
      PublicRoutes.LOGIN.operation(), Set.of(LoginRoutes.ADDRESS));

  private static Vertx vertx;
  private static Router router;
  private static JsonObject document;
  private static OpenApiDocument openApi;

  @BeforeAll
  static void buildRouter() throws Exception {
    vertx = Vertx.vertx();
    router = OfflineRouter.create(vertx, "openapi-test");
    try (InputStream in = OpenApiDocumentTest.class.getClassLoader().getResourceAsStream(OpenApiRoutes.RESOURCE)) {
      assertThat(in).as("classpath resource %s", OpenApiRoutes.RESOURCE).isNotNull();
      document = new JsonObject(Buffer.buffer(in.readAllBytes()));
    }
    openApi = new OpenApiDocument(document);
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
          boolean found = params.stream().map(p -> openApi.resolve((JsonObject) p))
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

  static Stream<PublicRoute> routes() {
    return PublicRoutes.ALL.stream();
  }

  @Test
  void documentDescribesExactlyThePublicRoutesAndTheGatewaysOwnOperations() {
    Set<String> table = new TreeSet<>();
    PublicRoutes.ALL.forEach(r -> table.add(r.method().name() + " " + r.openApiPath()));
    assertThat(table).as("two public routes on one method and path").hasSize(PublicRoutes.ALL.size());
    Set<String> expected = new TreeSet<>(table);
    expected.addAll(GATEWAYS_OWN);
    Set<String> documented = documentOperations();
    Set<String> undocumented = new TreeSet<>(expected);
    undocumented.removeAll(documented);
    Set<String> notInTable = new TreeSet<>(documented);
    notInTable.removeAll(expected);
    assertThat(undocumented.isEmpty() && notInTable.isEmpty())
        .as("openapi.json and PublicRoutes disagree.%n  routes missing from openapi.json: %s%n"
            + "  in openapi.json but neither a public route nor the gateway's own: %s", undocumented, notInTable)
        .isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("routes")
  void documentedQueryParametersAreTheOperationsWithTheirTypes(PublicRoute route) {
    Map<String, Param.Type> catalogue = new java.util.TreeMap<>(route.operation().query().stream()
        .collect(Collectors.toMap(Param::name, Param::type)));
    assertThat(openApi.parameters(route.method().name(), route.openApiPath(), "query"))
        .as("query parameters of %s in openapi.json vs its operation %s", route, route.operation().name())
        .isEqualTo(catalogue);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("routes")
  void pathParametersAreTheOperationsPlaceholdersAndDocumentedAsUuids(PublicRoute route) {
    assertThat(new TreeSet<>(route.pathParams()))
        .as("path parameters of %s vs the placeholders of %s (%s)", route, route.operation().name(),
            route.operation().path())
        .isEqualTo(new TreeSet<>(route.operation().pathParams()));
    Map<String, Param.Type> documented = openApi.parameters(route.method().name(), route.openApiPath(), "path");
    assertThat(documented).as("path parameters of %s in openapi.json", route)
        .isEqualTo(route.pathParams().stream().collect(Collectors.toMap(p -> p, p -> Param.Type.UUID)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("routes")
  void documentHasARequestBodyExactlyWhenTheRouteReadsOneWithTheRequestsFields(PublicRoute route) {
    Set<String> documented = openApi.requestBodyProperties(route.method().name(), route.openApiPath());
    assertThat(documented != null)
        .as("%s reads a body: %s; openapi.json documents one: %s", route, route.takesBody(), documented != null)
        .isEqualTo(route.takesBody());
    Set<String> fields = bodyFields(route.operation());
    if (documented != null && fields != null) {
      assertThat(documented).as("request body properties of %s in openapi.json vs the fields of %s", route,
          route.operation().requestType().getSimpleName()).isEqualTo(fields);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("routes")
  void documentedAnswerIsTheSchemaTheRouteNames(PublicRoute route) {
    assertThat(OpenApiDocument.catalogueName(openApi.answer(route.method().name(), route.openApiPath())))
        .as("200 answer schema of %s in openapi.json", route)
        .isEqualTo(route.responseSchema());
  }

  /**
   * A sample of the documented answer, every property present, decoded by the operation's codec and encoded again:
   * the keys the model writes must be the documented ones, no more, no fewer. Routes whose answer the gateway
   * reshapes (login), and answers documented under another name (reported by the test above), are checked by name
   * only.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("routes")
  void documentedAnswerHasTheKeysTheModelWrites(PublicRoute route) {
    Codec<?> codec = route.operation().response();
    JsonObject answer = openApi.answer(route.method().name(), route.openApiPath());
    if (!codec.schema().equals(route.responseSchema()) || !codec.schema().equals(OpenApiDocument.catalogueName(answer))) {
      return;
    }
    Object sample = openApi.sample(answer);
    Object written = codec.encodeValue(codec.decode().apply(sample));
    assertThat(OpenApiDocument.keys(written))
        .as("keys %s writes for %s vs the properties openapi.json documents", codec.schema(), route)
        .isEqualTo(OpenApiDocument.keys(sample));
  }

  @Test
  void requestBodyFieldsComeFromTheTypedRequests() {
    assertThat(bodyFields(io.talkmesh.common.operation.Operations.SEND_MESSAGE))
        .containsExactlyInAnyOrder("chat_id", "parent_id", "type", "text", "medias", "mentions");
    assertThat(bodyFields(io.talkmesh.common.operation.Operations.GET_MESSAGE)).isEmpty();
  }

  @Test
  void requestRecordComponentsAreReadAsSnakeCaseWireFields() {
    record SendSample(java.util.UUID chatId, String text, java.util.UUID parentId, JsonArray medias) {
    }
    assertThat(wireFields(SendSample.class)).containsExactly("chat_id", "medias", "parent_id", "text");
  }

  /**
   * The body fields of an operation's request, as the catalogue maps its record ({@link RequestFields}), less those
   * the gateway supplies.
   */
  private static Set<String> bodyFields(Operation<?, ?> op) {
    Set<String> fields = new TreeSet<>(RequestFields.of(op.requestType()).bodyFields());
    fields.removeAll(GATEWAY_SUPPLIED.getOrDefault(op, Set.of()));
    return fields;
  }

  private static Set<String> wireFields(Class<?> record) {
    Set<String> fields = new TreeSet<>();
    for (java.lang.reflect.RecordComponent c : record.getRecordComponents()) {
      fields.add(c.getName().replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT));
    }
    return fields;
  }
}
