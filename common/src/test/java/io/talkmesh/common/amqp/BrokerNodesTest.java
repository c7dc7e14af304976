package io.talkmesh.common.amqp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.rabbitmq.client.Address;
import io.talkmesh.common.config.AmqpConfig;
import io.talkmesh.common.config.Env;
import io.vertx.rabbitmq.RabbitMQOptions;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BrokerNodesTest {
  @Test
  void aSingleUriIsGivenToTheClientAsItIs() {
    BrokerNodes nodes = BrokerNodes.parse("amqp://guest:guest@127.0.0.1:5672");

    RabbitMQOptions options = nodes.applyTo(new RabbitMQOptions());

    assertThat(options.getUri()).isEqualTo("amqp://guest:guest@127.0.0.1:5672");
    assertThat(options.getAddresses()).isEmpty();
    assertThat(nodes.addresses()).containsExactly(new Address("127.0.0.1", 5672));
  }

  @Test
  void aListBecomesAddressesWithTheSharedCredentialsAndVirtualHost() {
    BrokerNodes nodes = BrokerNodes.parse(
        "amqp://talk:s%40cret@10.0.0.1:5681/prod, amqp://talk:s%40cret@10.0.0.2/prod,amqp://talk:s%40cret@rmq-3:5683/prod");

    RabbitMQOptions options = nodes.applyTo(new RabbitMQOptions());

    assertThat(options.getUri()).isNull();
    assertThat(options.getAddresses()).containsExactly(new Address("10.0.0.1", 5681), new Address("10.0.0.2", 5672),
        new Address("rmq-3", 5683));
    assertThat(options.getUser()).isEqualTo("talk");
    assertThat(options.getPassword()).isEqualTo("s@cret");
    assertThat(options.getVirtualHost()).isEqualTo("prod");
  }

  @Test
  void aListWithoutVirtualHostUsesTheDefaultOne() {
    BrokerNodes nodes = BrokerNodes.parse("amqp://guest:guest@127.0.0.1:5681,amqp://guest:guest@127.0.0.1:5682");

    assertThat(nodes.virtualHost()).isEqualTo("/");
    assertThat(nodes.addresses()).hasSize(2);
  }

  @Test
  void nodesWithDifferentCredentialsAreRefusedWithoutShowingThem() {
    assertThatThrownBy(() -> BrokerNodes.parse("amqp://a:pw1@h1:5672,amqp://b:pw2@h2:5672"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("TALK_AMQP_URI")
        .hasMessageContaining("same user")
        .hasMessageNotContaining("pw1")
        .hasMessageNotContaining("pw2");
  }

  @Test
  void nodesWithDifferentVirtualHostsAreRefused() {
    assertThatThrownBy(() -> BrokerNodes.parse("amqp://a:p@h1:5672/one,amqp://a:p@h2:5672/two"))
        .hasMessageContaining("virtual host");
  }

  @Test
  void somethingThatIsNoAmqpUriIsRefusedByName() {
    assertThatThrownBy(() -> BrokerNodes.parse("amqp://guest:guest@h1:5672,h2:5672"))
        .hasMessageContaining("TALK_AMQP_URI").hasMessageContaining("h2:5672");
    assertThatThrownBy(() -> BrokerNodes.parse(" , "))
        .hasMessageContaining("TALK_AMQP_URI names no broker");
  }

  @Test
  void aTlsListIsRefusedRatherThanConnectedInPlainText() {
    assertThatThrownBy(() -> BrokerNodes.parse("amqps://a:p@h1:5671,amqps://a:p@h2:5671"))
        .hasMessageContaining("amqp:// URIs only");
  }

  @Test
  void configurationFailsFastOnABadListAndReadsTheQueueType() {
    assertThatThrownBy(() -> AmqpConfig.from(new Env(Map.of("TALK_AMQP_URI", "amqp://a:p@h1,amqp://b:p@h2"))))
        .hasMessageContaining("TALK_AMQP_URI");
    assertThatThrownBy(() -> AmqpConfig.from(new Env(Map.of("TALK_AMQP_QUEUE_TYPE", "stream"))))
        .hasMessageContaining("TALK_AMQP_QUEUE_TYPE must be classic or quorum, got 'stream'");
    assertThat(AmqpConfig.from(new Env(Map.of())).queueType()).isEqualTo(AmqpConfig.QueueType.CLASSIC);
    assertThat(AmqpConfig.from(new Env(Map.of("TALK_AMQP_QUEUE_TYPE", "Quorum"))).quorum()).isTrue();
    assertThat(BrokerNodes.redacted("amqp://u:p@h1:1,amqp://u:p@h2:2")).isEqualTo("amqp://h1:1,amqp://h2:2");
  }
}
