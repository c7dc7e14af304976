package io.talkmesh.common.tracing;

import io.talkmesh.common.config.Env;
import java.net.URI;
import java.util.Map;

/**
 * Tracing settings of one service, from {@code TALK_OTEL_*}: off unless {@code TALK_OTEL_EXPORTER_OTLP_ENDPOINT}
 * names an OTLP/HTTP collector (its base URL; spans go to {@code <endpoint>/v1/traces}), the service name spans
 * carry ({@code TALK_OTEL_SERVICE_NAME}, default the service's own) and the share of new traces kept
 * ({@code TALK_OTEL_SAMPLING_RATIO}, 0 to 1, default 1; a request that arrives with a traceparent follows its
 * caller's decision).
 */
public record TracingConfig(String endpoint, String serviceName, double samplingRatio) {
  public static final String ENDPOINT = "TALK_OTEL_EXPORTER_OTLP_ENDPOINT";
  public static final String SERVICE_NAME = "TALK_OTEL_SERVICE_NAME";
  public static final String SAMPLING_RATIO = "TALK_OTEL_SAMPLING_RATIO";

  /** Whether spans are made and exported at all. */
  public boolean enabled() {
    return !endpoint.isEmpty();
  }

  /** The OTLP/HTTP traces URL. */
  public String tracesUrl() {
    return endpoint.endsWith("/") ? endpoint + "v1/traces" : endpoint + "/v1/traces";
  }

  /** Throws IllegalArgumentException naming the variable when a value is malformed. */
  public static TracingConfig from(Map<String, String> vars, String defaultServiceName) {
    Env env = new Env(vars);
    String endpoint = env.string(ENDPOINT, "");
    if (!endpoint.isEmpty()) {
      URI uri;
      try {
        uri = URI.create(endpoint);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(ENDPOINT + " must be an http(s) URL, got '" + endpoint + "'");
      }
      if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
        throw new IllegalArgumentException(ENDPOINT + " must be an http(s) URL such as http://127.0.0.1:4318, got '"
            + endpoint + "'");
      }
    }
    String ratioText = env.string(SAMPLING_RATIO, "1");
    double ratio;
    try {
      ratio = Double.parseDouble(ratioText);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(SAMPLING_RATIO + " must be a number from 0 to 1, got '" + ratioText + "'");
    }
    if (!(ratio >= 0 && ratio <= 1)) {
      throw new IllegalArgumentException(SAMPLING_RATIO + " must be from 0 to 1, got " + ratioText);
    }
    return new TracingConfig(endpoint, env.string(SERVICE_NAME, defaultServiceName), ratio);
  }
}
