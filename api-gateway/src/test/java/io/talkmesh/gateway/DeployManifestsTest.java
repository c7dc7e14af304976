package io.talkmesh.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * Keeps {@code deploy/} true to the code: every environment variable a manifest ({@code deploy/compose.yaml}, every
 * YAML document in {@code deploy/k8s/}) gives a talk-mesh container is one its service reads, and the variables a
 * production deployment needs are set. What a service reads is taken from its code, not from a list kept here: the
 * {@code "TALK_…"} string literals of its main sources and of the {@code common} and {@code ops} classes they use, and the
 * {@code ${TALK_…}} references of its resources (logback.xml). A container is recognised by its image,
 * {@code talk-mesh/<service>:<tag>}. Also: nginx's API port and the Ingress send every WebSocket path of
 * push-service's code to push-service, and the API's paths to api-gateway.
 */
class DeployManifestsTest {
  private static final Path ROOT = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().resolve("..").normalize();
  private static final Path DEPLOY = ROOT.resolve("deploy");
  private static final List<String> SERVICES = List.of("api-gateway", "talk-manager", "push-service");
  /** Variables whose development default is wrong or unsafe in production. */
  private static final Map<String, Set<String>> REQUIRED = Map.of(
      "api-gateway", Set.of("TALK_AMQP_URI", "TALK_JWT_SECRET"),
      "push-service", Set.of("TALK_AMQP_URI", "TALK_JWT_SECRET"),
      "talk-manager", Set.of("TALK_AMQP_URI", "TALK_PG_URI", "TALK_ADMIN_PASSWORD"));
  private static final Pattern JAVA_VARIABLE = Pattern.compile("\"(TALK_[A-Z0-9_]+)\"");
  private static final Pattern RESOURCE_VARIABLE = Pattern.compile("\\$\\{(TALK_[A-Z0-9_]+)");
  private static final Pattern WEBSOCKET_PATH = Pattern.compile("\"(/v1\\.0/(?:[a-z_]+/)*ws)\"");
  private static final Pattern IMAGE = Pattern.compile("talk-mesh/([a-z-]+):[\\w.-]+");

  /** One talk-mesh container of a manifest: where it is, which service, the variables it is given. */
  private record Container(String where, String service, Set<String> variables) {
  }

  /** The library modules every service's code and resources come with. */
  private static final List<String> SHARED = List.of("common", "ops");
  private static Map<String, Set<String>> reads;
  private static List<Container> containers;
  private static List<String> brokenReferences;
  private static List<Map<String, Object>> k8sDocuments;

  @BeforeAll
  static void scan() {
    assertThat(DEPLOY.resolve("compose.yaml")).as("deploy folder next to the module").exists();
    reads = new TreeMap<>();
    for (String service : SERVICES) {
      reads.put(service, variablesRead(service));
    }
    containers = new ArrayList<>();
    brokenReferences = new ArrayList<>();
    composeContainers();
    k8sContainers();
  }

  // ---- what the code reads ----

  private static Set<String> variablesRead(String service) {
    List<Path> sources = files(ROOT.resolve(service).resolve("src/main/java"), ".java");
    // The shared classes (common, ops) the service uses, directly or through other shared classes.
    List<Path> common = new ArrayList<>();
    SHARED.forEach(module -> common.addAll(files(ROOT.resolve(module).resolve("src/main/java"), ".java")));
    List<String> texts = new ArrayList<>(sources.stream().map(DeployManifestsTest::read).toList());
    boolean grew = true;
    while (grew) {
      grew = false;
      for (Path file : List.copyOf(common)) {
        String name = file.getFileName().toString().replace(".java", "");
        Pattern use = Pattern.compile("\\b" + name + "\\b");
        if (texts.stream().anyMatch(t -> use.matcher(t).find())) {
          texts.add(read(file));
          common.remove(file);
          grew = true;
        }
      }
    }
    Set<String> variables = new TreeSet<>();
    texts.forEach(t -> collect(JAVA_VARIABLE, t, variables));
    Stream.concat(Stream.of(service), SHARED.stream()).map(module -> ROOT.resolve(module).resolve("src/main/resources"))
        .flatMap(dir -> Stream.concat(files(dir, ".xml").stream(), files(dir, ".properties").stream()))
        .forEach(f -> collect(RESOURCE_VARIABLE, read(f), variables));
    return variables;
  }

  private static void collect(Pattern pattern, String text, Set<String> into) {
    Matcher m = pattern.matcher(text);
    while (m.find()) {
      into.add(m.group(1));
    }
  }

  // ---- what the manifests set ----

  private static void composeContainers() {
    Map<String, Object> compose = map(load(DEPLOY.resolve("compose.yaml")).get(0));
    map(compose.get("services")).forEach((name, definition) -> {
      Map<String, Object> service = map(definition);
      String talkService = talkService(service.get("image"));
      if (talkService == null) {
        return;
      }
      Set<String> variables = new TreeSet<>();
      Object environment = service.get("environment");
      if (environment instanceof Map<?, ?> m) {
        m.keySet().forEach(k -> variables.add(String.valueOf(k)));
      } else if (environment instanceof List<?> l) {
        l.forEach(entry -> variables.add(String.valueOf(entry).split("=", 2)[0]));
      }
      assertThat(service).as("compose service %s: use environment, not env_file", name).doesNotContainKey("env_file");
      containers.add(new Container("compose.yaml services." + name, talkService, variables));
    });
  }

  private static void k8sContainers() {
    k8sDocuments = new ArrayList<>();
    for (Path file : files(DEPLOY.resolve("k8s"), ".yaml")) {
      for (Object document : load(file)) {
        if (document != null) {
          Map<String, Object> doc = new LinkedHashMap<>(map(document));
          doc.put("__file", DEPLOY.relativize(file).toString());
          k8sDocuments.add(doc);
        }
      }
    }
    Map<String, Set<String>> configMaps = keysOf("ConfigMap", "data");
    Map<String, Set<String>> secrets = keysOf("Secret", "data", "stringData");
    for (Map<String, Object> doc : ofKind("Deployment")) {
      Map<String, Object> podSpec = map(map(map(doc.get("spec")).get("template")).get("spec"));
      for (Object c : list(podSpec.get("containers"))) {
        Map<String, Object> container = map(c);
        String where = doc.get("__file") + " Deployment " + name(doc) + " container " + container.get("name");
        String talkService = talkService(container.get("image"));
        if (talkService == null) {
          continue;
        }
        Set<String> variables = new TreeSet<>();
        for (Object e : list(container.get("env"))) {
          Map<String, Object> env = map(e);
          variables.add(String.valueOf(env.get("name")));
          Map<String, Object> from = map(env.get("valueFrom"));
          checkReference(where, env.get("name"), map(from.get("secretKeyRef")), "Secret", secrets);
          checkReference(where, env.get("name"), map(from.get("configMapKeyRef")), "ConfigMap", configMaps);
        }
        for (Object f : list(container.get("envFrom"))) {
          Map<String, Object> from = map(f);
          String prefix = String.valueOf(from.getOrDefault("prefix", ""));
          Object configMap = map(from.get("configMapRef")).get("name");
          Object secret = map(from.get("secretRef")).get("name");
          Set<String> keys = configMap != null ? configMaps.get(configMap) : secrets.get(secret);
          if (keys == null) {
            brokenReferences.add(where + ": envFrom names no ConfigMap or Secret of deploy/k8s: " + from);
            continue;
          }
          keys.forEach(k -> variables.add(prefix + k));
        }
        containers.add(new Container(where, talkService, variables));
      }
    }
  }

  private static void checkReference(String where, Object variable, Map<String, Object> ref, String kind,
                                     Map<String, Set<String>> objects) {
    if (ref.isEmpty()) {
      return;
    }
    Set<String> keys = objects.get(String.valueOf(ref.get("name")));
    if (keys == null || !keys.contains(String.valueOf(ref.get("key")))) {
      brokenReferences.add(where + ": " + variable + " refers to " + kind + " " + ref.get("name") + " key "
          + ref.get("key") + ", which deploy/k8s does not define");
    }
  }

  private static Map<String, Set<String>> keysOf(String kind, String... sections) {
    Map<String, Set<String>> keys = new TreeMap<>();
    for (Map<String, Object> doc : ofKind(kind)) {
      Set<String> set = keys.computeIfAbsent(name(doc), n -> new TreeSet<>());
      for (String section : sections) {
        set.addAll(map(doc.get(section)).keySet());
      }
    }
    return keys;
  }

  private static List<Map<String, Object>> ofKind(String kind) {
    return k8sDocuments.stream().filter(d -> kind.equals(d.get("kind"))).toList();
  }

  private static String name(Map<String, Object> doc) {
    return String.valueOf(map(doc.get("metadata")).get("name"));
  }

  private static String talkService(Object image) {
    Matcher m = IMAGE.matcher(String.valueOf(image));
    return m.matches() && SERVICES.contains(m.group(1)) ? m.group(1) : null;
  }

  // ---- the checks ----

  @Test
  void theCodeScanFindsWhatEachServiceReads() {
    assertThat(reads.get("api-gateway")).contains("TALK_HTTP_PORT", "TALK_AMQP_URI", "TALK_JWT_SECRET");
    assertThat(reads.get("push-service")).contains("TALK_WS_PORT", "TALK_AMQP_URI", "TALK_JWT_SECRET");
    assertThat(reads.get("talk-manager")).contains("TALK_PG_URI", "TALK_AMQP_URI").doesNotContain("TALK_JWT_SECRET");
    REQUIRED.forEach((service, required) ->
        assertThat(reads.get(service)).as("%s reads its required variables", service).containsAll(required));
  }

  @Test
  void everyServiceRunsTwiceInComposeAndHasAKubernetesDeployment() {
    for (String service : SERVICES) {
      assertThat(containers.stream().filter(c -> c.service().equals(service) && c.where().startsWith("compose.yaml")))
          .as("compose.yaml instances of %s", service).hasSize(2);
      assertThat(containers.stream().filter(c -> c.service().equals(service) && c.where().startsWith("k8s/")))
          .as("Kubernetes Deployments of %s", service).hasSize(1);
    }
  }

  @Test
  void manifestsSetOnlyVariablesTheirServiceReads() {
    List<String> unknown = new ArrayList<>();
    for (Container c : containers) {
      Set<String> extra = new TreeSet<>(c.variables());
      extra.removeAll(reads.get(c.service()));
      if (!extra.isEmpty()) {
        unknown.add(c.where() + " (" + c.service() + ") sets " + extra + "; it reads " + reads.get(c.service()));
      }
    }
    assertThat(unknown).as("variables set for a service that does not read them").isEmpty();
    assertThat(brokenReferences).as("env references to keys deploy/k8s does not define").isEmpty();
  }

  @Test
  void manifestsSetEveryVariableProductionNeeds() {
    List<String> missing = new ArrayList<>();
    for (Container c : containers) {
      Set<String> absent = new TreeSet<>(REQUIRED.get(c.service()));
      absent.removeAll(c.variables());
      if (!absent.isEmpty()) {
        missing.add(c.where() + " (" + c.service() + ") does not set " + absent);
      }
    }
    assertThat(missing).as("required variables not set").isEmpty();
  }

  @Test
  void servicesAreProbedOnTheirHealthEndpointsAndOnlyPushServiceAutoscales() {
    for (Map<String, Object> doc : ofKind("Deployment")) {
      for (Object c : list(map(map(map(doc.get("spec")).get("template")).get("spec")).get("containers"))) {
        Map<String, Object> container = map(c);
        String service = talkService(container.get("image"));
        if (service != null) {
          assertThat(map(map(container.get("readinessProbe")).get("httpGet")).get("path"))
              .as("%s readiness probe", service).isEqualTo("/health/ready");
          assertThat(map(map(container.get("livenessProbe")).get("httpGet")).get("path"))
              .as("%s liveness probe", service).isEqualTo("/health/live");
        }
      }
    }
    assertThat(ofKind("HorizontalPodAutoscaler").stream()
        .map(h -> map(map(h.get("spec")).get("scaleTargetRef")).get("name")).toList())
        .containsExactly("push-service");
    assertThat(ofKind("PodDisruptionBudget").stream().map(DeployManifestsTest::name).toList())
        .containsExactlyInAnyOrderElementsOf(SERVICES);
  }

  // ---- WebSocket routing ----

  /** The WebSocket paths push-service serves: the {@code "/v1.0/…ws"} string literals of its main sources. */
  private static Set<String> pushServicePaths() {
    Set<String> paths = new TreeSet<>();
    files(ROOT.resolve("push-service/src/main/java"), ".java").forEach(f -> collect(WEBSOCKET_PATH, read(f), paths));
    return paths;
  }

  @Test
  void nginxSendsEveryWebSocketPathOnTheApiPortToPushService() {
    Set<String> paths = pushServicePaths();
    assertThat(paths).as("push-service's WebSocket paths").contains("/v1.0/ws", "/v1.0/service_agents/ws");
    NginxRoutes api = NginxRoutes.server(read(DEPLOY.resolve("nginx.conf")), 8080);
    paths.forEach(path -> assertThat(api.upstreamOf(path)).as("nginx :8080 %s", path).isEqualTo("push_service"));
    for (String path : List.of("/v1.0/service_agents/talk_chats", "/v1.0/service_agents/wsx", "/v1.0/ws/x", "/")) {
      assertThat(api.upstreamOf(path)).as("nginx :8080 %s", path).isEqualTo("api_gateway");
    }
    assertThat(NginxRoutes.server(read(DEPLOY.resolve("nginx.conf")), 8081).upstreamOf("/v1.0/service_agents/ws"))
        .as("nginx :8081").isEqualTo("push_service");
  }

  @Test
  void theIngressSendsEveryWebSocketPathToPushService() {
    List<Map<String, Object>> ingresses = ofKind("Ingress");
    assertThat(ingresses).hasSize(1);
    List<Map<String, Object>> rules = new ArrayList<>();
    for (Object rule : list(map(ingresses.get(0).get("spec")).get("rules"))) {
      list(map(map(rule).get("http")).get("paths")).forEach(p -> rules.add(map(p)));
    }
    pushServicePaths().forEach(path -> assertThat(ingressBackend(rules, path)).as("Ingress %s", path)
        .isEqualTo("push-service"));
    for (String path : List.of("/v1.0/service_agents/talk_chats", "/v1.0/service_agents/wsx", "/console/")) {
      assertThat(ingressBackend(rules, path)).as("Ingress %s", path).isEqualTo("api-gateway");
    }
  }

  /** The Service an Ingress sends {@code path} to: an Exact path, else the longest matching Prefix. */
  private static String ingressBackend(List<Map<String, Object>> rules, String path) {
    Map<String, Object> chosen = null;
    for (Map<String, Object> rule : rules) {
      String rulePath = String.valueOf(rule.get("path"));
      boolean exact = "Exact".equals(rule.get("pathType"));
      if (exact && rulePath.equals(path)) {
        chosen = rule;
        break;
      }
      boolean prefix = !exact && (rulePath.equals("/") || path.equals(rulePath) || path.startsWith(rulePath + "/"));
      if (prefix && (chosen == null || rulePath.length() > String.valueOf(chosen.get("path")).length())) {
        chosen = rule;
      }
    }
    return chosen == null ? null : String.valueOf(map(map(chosen.get("backend")).get("service")).get("name"));
  }

  // ---- plumbing ----

  private static List<Object> load(Path file) {
    try (Reader reader = Files.newBufferedReader(file)) {
      List<Object> documents = new ArrayList<>();
      new Yaml().loadAll(reader).forEach(documents::add);
      return documents;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<Path> files(Path dir, String suffix) {
    if (!Files.isDirectory(dir)) {
      return new ArrayList<>();
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      return new ArrayList<>(walk.filter(p -> p.toString().endsWith(suffix)).sorted().toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  private static List<?> list(Object value) {
    return value instanceof List<?> l ? l : List.of();
  }
}
