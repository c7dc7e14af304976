package io.talkmesh.common.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TracingConfigTest {
  @Test
  void tracingIsOffWithoutAnEndpointAndThenNoSdkExists() {
    TracingConfig config = TracingConfig.from(Map.of(), "talk-manager");
    assertThat(config.enabled()).isFalse();
    assertThat(Tracing.start(config)).isSameAs(Tracing.OFF);
    assertThat(Tracing.OFF.enabled()).isFalse();
  }

  @Test
  void anEndpointTurnsItOnWithTheServiceNameAndFullSamplingByDefault() {
    TracingConfig config = TracingConfig.from(Map.of(TracingConfig.ENDPOINT, "http://127.0.0.1:4318"), "push-service");
    assertThat(config.enabled()).isTrue();
    assertThat(config.tracesUrl()).isEqualTo("http://127.0.0.1:4318/v1/traces");
    assertThat(config.serviceName()).isEqualTo("push-service");
    assertThat(config.samplingRatio()).isEqualTo(1.0);

    TracingConfig named = TracingConfig.from(Map.of(TracingConfig.ENDPOINT, "https://collector:4318/",
        TracingConfig.SERVICE_NAME, "push-eu-1", TracingConfig.SAMPLING_RATIO, "0.25"), "push-service");
    assertThat(named.tracesUrl()).isEqualTo("https://collector:4318/v1/traces");
    assertThat(named.serviceName()).isEqualTo("push-eu-1");
    assertThat(named.samplingRatio()).isEqualTo(0.25);
  }

  @Test
  void malformedValuesAreRefusedNamingTheVariable() {
    assertThatThrownBy(() -> TracingConfig.from(Map.of(TracingConfig.ENDPOINT, "collector:4318"), "x"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(TracingConfig.ENDPOINT);
    assertThatThrownBy(() -> TracingConfig.from(Map.of(TracingConfig.SAMPLING_RATIO, "1.5"), "x"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(TracingConfig.SAMPLING_RATIO);
    assertThatThrownBy(() -> TracingConfig.from(Map.of(TracingConfig.SAMPLING_RATIO, "half"), "x"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(TracingConfig.SAMPLING_RATIO);
  }
}
