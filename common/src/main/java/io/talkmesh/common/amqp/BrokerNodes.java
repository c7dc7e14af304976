package io.talkmesh.common.amqp;

import com.rabbitmq.client.Address;
import com.rabbitmq.client.ConnectionFactory;
import io.vertx.rabbitmq.RabbitMQOptions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The broker nodes {@code TALK_AMQP_URI} names: one amqp URI, or several separated by commas (the nodes of one
 * cluster) that differ only in host and port. Each URI is read by amqp-client's own parser, the one the client uses
 * for a single URI, so a list means exactly what its URIs mean one by one.
 *
 * @param uri         the single URI, as given (null for a list: the client then connects by addresses)
 * @param addresses   every node, in the order given
 * @param username    shared by every node
 * @param password    shared by every node
 * @param virtualHost shared by every node
 */
public record BrokerNodes(String uri, List<Address> addresses, String username, String password, String virtualHost) {
  public static final String VARIABLE = "TALK_AMQP_URI";

  /** Parses {@code uris}; fails, naming {@value #VARIABLE}, on a bad URI or on nodes that differ beyond host and port. */
  public static BrokerNodes parse(String uris) {
    List<String> each = Arrays.stream(uris.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    if (each.isEmpty()) {
      throw new IllegalArgumentException(VARIABLE + " names no broker");
    }
    List<Address> addresses = new ArrayList<>();
    ConnectionFactory first = null;
    for (String uri : each) {
      ConnectionFactory node = read(uri);
      if (first == null) {
        first = node;
      } else if (!first.getUsername().equals(node.getUsername()) || !first.getPassword().equals(node.getPassword())
          || !first.getVirtualHost().equals(node.getVirtualHost())) {
        throw new IllegalArgumentException(VARIABLE + ": every broker in the list must have the same user, password"
            + " and virtual host; " + redacted(uri) + " differs from " + redacted(each.get(0)));
      }
      if (each.size() > 1 && node.isSSL()) {
        throw new IllegalArgumentException(VARIABLE + ": a list of brokers takes amqp:// URIs only, got "
            + redacted(uri));
      }
      addresses.add(new Address(node.getHost(), node.getPort()));
    }
    return new BrokerNodes(each.size() == 1 ? each.get(0) : null, List.copyOf(addresses), first.getUsername(),
        first.getPassword(), first.getVirtualHost());
  }

  private static ConnectionFactory read(String uri) {
    if (!uri.startsWith("amqp://") && !uri.startsWith("amqps://")) {
      throw new IllegalArgumentException(VARIABLE + " must hold amqp:// or amqps:// URIs, got " + redacted(uri));
    }
    ConnectionFactory factory = new ConnectionFactory();
    try {
      factory.setUri(uri);
    } catch (Exception e) {
      throw new IllegalArgumentException(VARIABLE + " holds an invalid URI " + redacted(uri) + ": " + e.getMessage());
    }
    return factory;
  }

  /** The URI without its credentials, for messages and logs. */
  public static String redacted(String uris) {
    return uris.replaceAll("//[^@/,]*@", "//");
  }

  /**
   * Points {@code options} at these nodes. A single URI is given as it is (the client's own path); a list as
   * addresses, from which amqp-client picks a node in random order at every connection and moves on to the next
   * one when a node refuses, so each reconnect finds a live node.
   */
  public RabbitMQOptions applyTo(RabbitMQOptions options) {
    if (uri != null) {
      return options.setUri(uri);
    }
    return options.setUri(null).setAddresses(addresses).setUser(username).setPassword(password)
        .setVirtualHost(virtualHost);
  }
}
