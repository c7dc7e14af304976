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
 * push-service's code to push-service, and the API's paths to api-gateway; and both manifests keep the production
 * shape of docs/operations.md ("Broker cluster", "Database failover"): compose runs a 3-node RabbitMQ cluster and a
 * PostgreSQL primary with a synchronous standby and hands every node to the services, {@code k8s/infrastructure}
 * has the operators' 3-node RabbitmqCluster and 2-instance CloudNativePG Cluster the ExternalName Services point at.
 */
class DeployManifestsTest {
  private static final Path ROOT = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().resolve("..").normalize();
  private static final Path DEPLOY = ROOT.resolve("deploy");
  private static final List<String> SERVICES = List.of("api-gateway", "talk-manager", "push-service", "webhook-service");
  /** Variables whose development default is wrong or unsafe in production. */
  private static final Map<String, Set<String>> REQUIRED = Map.of(
      "api-gateway", Set.of("TALK_AMQP_URI", "TALK_JWT_SECRET"),
      "push-service", Set.of("TALK_AMQP_URI", "TALK_JWT_SECRET"),
      "talk-manager", Set.of("TALK_AMQP_URI", "TALK_PG_URI", "TALK_ADMIN_PASSWORD"),
      "webhook-service", Set.of("TALK_AMQP_URI"));
  private static final Pattern JAVA_VARIABLE = Pattern.compile("\"(TALK_[A-Z0-9_]+)\"");
  private static final Pattern RESOURCE_VARIABLE = Pattern.compile("\\$\\{(TALK_[A-Z0-9_]+)");
  private static final Pattern WEBSOCKET_PATH = Pattern.compile("\"(/v1\\.0/(?:[a-z_]+/)*ws)\"");
  private static final Pattern IMAGE = Pattern.compile("talk-mesh/([a-z-]+):[\\w.-]+");

  /**
   * One talk-mesh container of a manifest: where it is, which service, the variables it is given, and the values of
   * those whose value the manifest states (compose's environment, a Kubernetes env value or ConfigMap key).
   */
  private record Container(String where, String service, Set<String> variables, Map<String, String> values) {
  }

  /** The library modules every service's code and resources come with. */
  private static final List<String> SHARED = List.of("common", "ops");
  private static Map<String, Set<String>> reads;
  private static List<Container> containers;
  private static List<String> brokenReferences;
  private static List<Map<String, Object>> k8sDocuments;
  private static Map<String, Object> composeServices;

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
    composeServices = map(compose.get("services"));
    composeServices.forEach((name, definition) -> {
      Map<String, Object> service = map(definition);
      String talkService = talkService(service.get("image"));
      if (talkService == null) {
        return;
      }
      Map<String, String> values = environment(service);
      assertThat(service).as("compose service %s: use environment, not env_file", name).doesNotContainKey("env_file");
      containers.add(new Container("compose.yaml services." + name, talkService, new TreeSet<>(values.keySet()), values));
    });
  }

  /** A compose service's environment, in either of compose's forms (a map, or a list of NAME=value). */
  private static Map<String, String> environment(Map<String, Object> service) {
    Map<String, String> values = new TreeMap<>();
    Object environment = service.get("environment");
    if (environment instanceof Map<?, ?> m) {
      m.forEach((k, v) -> values.put(String.valueOf(k), v == null ? "" : String.valueOf(v)));
    } else if (environment instanceof List<?> l) {
      l.forEach(entry -> {
        String[] pair = String.valueOf(entry).split("=", 2);
        values.put(pair[0], pair.length > 1 ? pair[1] : "");
      });
    }
    return values;
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
        Map<String, String> values = new TreeMap<>();
        for (Object e : list(container.get("env"))) {
          Map<String, Object> env = map(e);
          variables.add(String.valueOf(env.get("name")));
          if (env.get("value") != null) {
            values.put(String.valueOf(env.get("name")), String.valueOf(env.get("value")));
          }
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
          ofKind("ConfigMap").stream().filter(d -> name(d).equals(String.valueOf(configMap)))
              .forEach(d -> map(d.get("data")).forEach((k, v) -> values.putIfAbsent(prefix + k, String.valueOf(v))));
        }
        containers.add(new Container(where, talkService, variables, values));
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

  // ---- the production shape: a broker cluster and a replicated database ----

  private static List<String> composeServicesOfImage(String imagePrefix) {
    return composeServices.entrySet().stream()
        .filter(e -> String.valueOf(map(e.getValue()).get("image")).startsWith(imagePrefix))
        .map(Map.Entry::getKey).toList();
  }

  /** The host of each {@code host:port} a URI names: one amqp URI or a comma-separated list, libpq's multi-host form. */
  private static List<String> hosts(String uri) {
    List<String> hosts = new ArrayList<>();
    Matcher m = Pattern.compile("(?:^|,)(?:[a-z]+://)?(?:[^@/,]*@)?([^:/,@]+)(?::\\d+)?").matcher(uri);
    while (m.find()) {
      hosts.add(m.group(1));
    }
    return hosts;
  }

  @Test
  void composeRunsABrokerClusterOfThreeNodesAndEveryServiceKnowsThemAll() {
    List<String> nodes = composeServicesOfImage("rabbitmq:");
    assertThat(nodes).as("compose RabbitMQ services").hasSize(3);
    String conf = read(DEPLOY.resolve("rabbitmq/rabbitmq.conf"));
    assertThat(conf).contains("cluster_formation.peer_discovery_backend = classic_config");
    Set<String> discovered = new TreeSet<>();
    collect(Pattern.compile("(?m)^cluster_formation\\.classic_config\\.nodes\\.\\d+ = rabbit@(\\S+)$"), conf, discovered);
    for (String node : nodes) {
      Map<String, Object> service = map(composeServices.get(node));
      assertThat(service.get("hostname")).as("%s hostname (its node name is rabbit@<hostname>)", node).isEqualTo(node);
      assertThat(String.valueOf(service.get("volumes"))).as("%s mounts the cluster configuration", node)
          .contains("./rabbitmq/rabbitmq.conf:/etc/rabbitmq/");
      assertThat(environment(service).get("RABBITMQ_ERLANG_COOKIE")).as("%s Erlang cookie: required, shared", node)
          .startsWith("${RABBITMQ_ERLANG_COOKIE:?");
      assertThat(map(service.get("healthcheck"))).as("%s healthcheck", node).isNotEmpty();
    }
    assertThat(discovered).as("rabbitmq.conf classic_config nodes").containsExactlyInAnyOrderElementsOf(nodes);
    List<Container> inCompose = containers.stream().filter(c -> c.where().startsWith("compose.yaml")).toList();
    assertThat(inCompose).hasSize(2 * SERVICES.size());
    for (Container c : inCompose) {
      assertThat(hosts(c.values().getOrDefault("TALK_AMQP_URI", ""))).as("%s TALK_AMQP_URI nodes", c.where())
          .containsExactlyInAnyOrderElementsOf(nodes);
      assertThat(map(map(composeServices.get(c.where().replace("compose.yaml services.", ""))).get("depends_on")))
          .as("%s waits for every broker node", c.where()).containsKeys(nodes.toArray(String[]::new));
    }
  }

  @Test
  void composeRunsAPrimaryWithASynchronousStandbyAndTalkManagerKnowsBoth() {
    List<String> databases = composeServicesOfImage("postgres:");
    assertThat(databases).as("compose PostgreSQL services").hasSize(2);
    Map<String, Object> primary = map(composeServices.get("postgres-primary"));
    Map<String, Object> standby = map(composeServices.get("postgres-standby"));
    assertThat(databases).containsExactlyInAnyOrder("postgres-primary", "postgres-standby");
    assertThat(String.valueOf(primary.get("volumes"))).as("the primary's replication setup")
        .contains("./postgres/primary-init.sh:/docker-entrypoint-initdb.d/");
    assertThat(String.valueOf(standby.get("entrypoint"))).as("the standby clones the primary and streams from it")
        .contains("standby-entrypoint.sh");
    assertThat(String.valueOf(standby.get("volumes"))).contains("./postgres/standby-entrypoint.sh:");
    assertThat(environment(standby).get("PRIMARY_HOST")).isEqualTo("postgres-primary");
    assertThat(environment(standby).get("STANDBY_NAME")).as("the standby's application_name is the one the primary waits for")
        .isNotBlank().isEqualTo(environment(primary).get("STANDBY_NAME"));
    assertThat(map(standby.get("depends_on"))).containsKey("postgres-primary");
    String init = read(DEPLOY.resolve("postgres/primary-init.sh"));
    assertThat(init).contains("REPLICATION LOGIN", "host replication replicator", "wal_level = replica",
        "synchronous_commit = on", "synchronous_standby_names = 'FIRST 1 ($STANDBY_NAME)'");
    String standbyScript = read(DEPLOY.resolve("postgres/standby-entrypoint.sh"));
    assertThat(standbyScript).contains("pg_basebackup", " -R ", "application_name=$STANDBY_NAME",
        "synchronous_standby_names = ''");
    List<Container> managers = containers.stream()
        .filter(c -> c.service().equals("talk-manager") && c.where().startsWith("compose.yaml")).toList();
    assertThat(managers).hasSize(2);
    for (Container c : managers) {
      assertThat(hosts(c.values().getOrDefault("TALK_PG_URI", ""))).as("%s TALK_PG_URI hosts, primary first", c.where())
          .containsExactly("postgres-primary", "postgres-standby");
      assertThat(c.values().get("TALK_AMQP_QUEUE_TYPE")).as("%s TALK_AMQP_QUEUE_TYPE", c.where()).isEqualTo("quorum");
    }
  }

  @Test
  void kubernetesInfrastructureIsTheOperatorsClustersTheExternalNamesPointAt() {
    List<Map<String, Object>> infrastructure = k8sDocuments.stream()
        .filter(d -> String.valueOf(d.get("__file")).startsWith("k8s/infrastructure/")).toList();
    assertThat(infrastructure.stream().map(d -> d.get("kind")).toList()).as("kinds in k8s/infrastructure")
        .containsExactlyInAnyOrder("Kustomization", "Namespace", "RabbitmqCluster", "Cluster");
    Map<String, Object> broker = ofKind("RabbitmqCluster").get(0);
    assertThat(broker.get("apiVersion")).isEqualTo("rabbitmq.com/v1beta1");
    assertThat(map(broker.get("spec")).get("replicas")).as("RabbitmqCluster replicas").isEqualTo(3);
    Map<String, Object> database = ofKind("Cluster").get(0);
    assertThat(database.get("apiVersion")).isEqualTo("postgresql.cnpg.io/v1");
    Map<String, Object> spec = map(database.get("spec"));
    assertThat(spec.get("instances")).as("CloudNativePG instances").isEqualTo(2);
    assertThat(spec).as("one synchronous replica").containsEntry("minSyncReplicas", 1).containsEntry("maxSyncReplicas", 1);
    Map<String, String> externalNames = new TreeMap<>();
    ofKind("Service").stream().filter(d -> "ExternalName".equals(map(d.get("spec")).get("type")))
        .forEach(d -> externalNames.put(name(d), String.valueOf(map(d.get("spec")).get("externalName"))));
    assertThat(externalNames).as("ExternalName Services").containsOnly(
        Map.entry("rabbitmq", name(broker) + "." + namespace(broker) + ".svc.cluster.local"),
        Map.entry("postgres", name(database) + "-rw." + namespace(database) + ".svc.cluster.local"));
    Map<String, Object> configMap = ofKind("ConfigMap").stream().filter(d -> name(d).equals("talk-manager")).findFirst()
        .orElseThrow();
    assertThat(map(configMap.get("data")).get("TALK_AMQP_QUEUE_TYPE")).as("talk-manager ConfigMap TALK_AMQP_QUEUE_TYPE")
        .isEqualTo("quorum");
  }

  @Test
  void everyKustomizationListsEveryManifestOfItsFolder() {
    for (Map<String, Object> kustomization : ofKind("Kustomization")) {
      Path folder = DEPLOY.resolve(String.valueOf(kustomization.get("__file"))).getParent();
      Set<String> manifests = new TreeSet<>();
      try (Stream<Path> list = Files.list(folder)) {
        list.map(p -> p.getFileName().toString())
            .filter(n -> n.endsWith(".yaml") && !n.equals("kustomization.yaml")).forEach(manifests::add);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      assertThat(list(kustomization.get("resources")).stream().map(String::valueOf).toList())
          .as("resources of %s", kustomization.get("__file")).containsExactlyInAnyOrderElementsOf(manifests);
    }
  }

  private static String namespace(Map<String, Object> doc) {
    return String.valueOf(map(doc.get("metadata")).get("namespace"));
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
