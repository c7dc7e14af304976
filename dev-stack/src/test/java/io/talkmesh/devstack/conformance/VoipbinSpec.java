package io.talkmesh.devstack.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.oas.OpenApi30;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * VoIPBIN's own OpenAPI documents, read from {@code ../shared/reference/voipbin-openapi/} beside the repository: the
 * bundled current API (Talk, agents, customers) and the older Chat API of the last commit that had it, whose path
 * files are inlined into its root document so that every {@code #/components} reference resolves. Schemas are looked
 * up by JSON pointer into these documents and validated as OpenAPI 3.0 schemas, formats asserted.
 */
final class VoipbinSpec {
  /** Where the spec folder is when it is not beside the repository (optional). */
  static final String DIR_VARIABLE = "TALK_TEST_VOIPBIN_SPEC";
  private static final String CURRENT = "2bf22fa4e/bin-api-manager/gens/openapi_redoc/openapi.json";
  private static final String OLDER = "9eb278971/bin-openapi-manager/openapi";
  private static final String CURRENT_IRI = "https://voipbin.spec.invalid/current.json";
  private static final String OLDER_IRI = "https://voipbin.spec.invalid/older-chat.json";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final JsonNode current;
  private final JsonNode older;
  private final JsonSchemaFactory factory;
  private final SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().pathType(PathType.JSON_POINTER)
      .formatAssertionsEnabled(true).build();

  private VoipbinSpec(JsonNode current, JsonNode older) {
    this.current = current;
    this.older = older;
    Map<String, String> documents = Map.of(CURRENT_IRI, current.toString(), OLDER_IRI, older.toString());
    this.factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4, builder -> builder
        .metaSchema(OpenApi30.getInstance()).defaultMetaSchemaIri(OpenApi30.getInstance().getIri())
        .schemaLoaders(loaders -> loaders.schemas(documents)));
  }

  /**
   * The spec, or (when its folder is missing) a failure under {@code CI=true}, since CI lays {@code shared/} beside
   * the clone, and a skip with the reason on a developer's machine.
   */
  static VoipbinSpec load() {
    Path dir = folder();
    if (!Files.isRegularFile(dir.resolve(CURRENT)) || !Files.isDirectory(dir.resolve(OLDER))) {
      String why = "VoIPBIN's spec is not at " + dir + " (set " + DIR_VARIABLE + " or lay shared/ beside the repository)";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        Assertions.fail(why);
      }
      Assumptions.abort(why);
    }
    try {
      return new VoipbinSpec(JSON.readTree(dir.resolve(CURRENT).toFile()), inlined(dir.resolve(OLDER)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path folder() {
    String configured = System.getenv(DIR_VARIABLE);
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured);
    }
    Path here = Path.of("").toAbsolutePath();
    Path repo = Files.isDirectory(here.resolve("dev-stack")) ? here : here.getParent(); // failsafe runs in dev-stack
    return repo.resolveSibling("shared").resolve("reference").resolve("voipbin-openapi");
  }

  /** The older root document with each path file it references (those kept in shared/) put in place of the reference. */
  private static JsonNode inlined(Path openapiDir) throws IOException {
    YAMLMapper yaml = new YAMLMapper();
    ObjectNode root = (ObjectNode) yaml.readTree(openapiDir.resolve("openapi.yaml").toFile());
    ObjectNode paths = (ObjectNode) root.get("paths");
    for (Iterator<Map.Entry<String, JsonNode>> it = paths.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> path = it.next();
      JsonNode ref = path.getValue().get("$ref");
      if (ref == null) {
        continue;
      }
      Path file = openapiDir.resolve(ref.asText()).normalize();
      if (Files.isRegularFile(file)) {
        path.setValue(yaml.readTree(file.toFile()));
      } else {
        it.remove(); // a path of another API family, whose file shared/ does not keep
      }
    }
    return root;
  }

  /**
   * VoIPBIN's operation for a talk-mesh route ({@code /v1.0/...}, {@code :name} parameters): the current document's,
   * else the older Chat API's.
   */
  Optional<SpecOperation> operation(String method, String talkMeshPath) {
    String path = talkMeshPath.replaceFirst("^/v1\\.0", "").replaceAll(":([a-z_]+)", "{$1}");
    String verb = method.toLowerCase();
    for (Map.Entry<String, JsonNode> document : Map.of(CURRENT_IRI, current, OLDER_IRI, older).entrySet()) {
      if (document.getKey().equals(OLDER_IRI) && current.path("paths").path(path).has(verb)) {
        continue;
      }
      JsonNode operation = document.getValue().path("paths").path(path).path(verb);
      if (!operation.isMissingNode()) {
        return Optional.of(new SpecOperation(this, document.getKey(), document.getValue(), path, verb, operation));
      }
    }
    return Optional.empty();
  }

  /** The schema at {@code pointer} (a JSON pointer) in the document named {@code iri}. */
  JsonSchema schema(String iri, String pointer) {
    return factory.getSchema(SchemaLocation.of(iri + "#" + pointer), config);
  }
}
