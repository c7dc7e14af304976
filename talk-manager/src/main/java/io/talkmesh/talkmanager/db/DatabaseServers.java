package io.talkmesh.talkmanager.db;

import io.vertx.pgclient.PgConnectOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The servers a {@code TALK_PG_URI} names: one ({@code postgresql://user@host:5432/talk}), or several in libpq's
 * multi-host form ({@code postgresql://user@h1:5441,h2:5442/talk}), of which talk-manager writes only to the primary.
 * vertx-pg-client 5.0.8 rejects a multi-host URI, so each host is parsed as a single-host URI with the same user,
 * database and parameters: every other part means what it meant for one host.
 */
public record DatabaseServers(List<PgConnectOptions> servers) {
  public DatabaseServers {
    servers = List.copyOf(servers);
  }

  /** Parses the URI; fails with a message naming {@code TALK_PG_URI} when a host entry is empty or malformed. */
  public static DatabaseServers parse(String uri) {
    int scheme = uri.indexOf("://");
    if (scheme < 0) {
      return new DatabaseServers(List.of(single(uri, uri)));
    }
    int start = scheme + 3;
    int end = start;
    while (end < uri.length() && uri.charAt(end) != '/' && uri.charAt(end) != '?') {
      end++;
    }
    String authority = uri.substring(start, end);
    int at = authority.lastIndexOf('@');
    String userInfo = authority.substring(0, at + 1);
    String[] hosts = authority.substring(at + 1).split(",", -1);
    if (hosts.length == 1) {
      return new DatabaseServers(List.of(single(uri, uri)));
    }
    List<PgConnectOptions> servers = new ArrayList<>();
    for (String host : hosts) {
      if (host.isBlank()) {
        throw new IllegalArgumentException("TALK_PG_URI lists an empty host: " + redacted(uri));
      }
      servers.add(single(uri.substring(0, start) + userInfo + host + uri.substring(end), uri));
    }
    return new DatabaseServers(servers);
  }

  private static PgConnectOptions single(String uri, String whole) {
    try {
      return PgConnectOptions.fromUri(uri);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("TALK_PG_URI is not a PostgreSQL URI (postgresql://user@host:port/database,"
          + " or several host:port separated by commas): " + redacted(whole), e);
    }
  }

  /** The URI without its password, for messages. */
  static String redacted(String uri) {
    return uri.replaceFirst("(://[^:/@,]*):[^@/]*@", "$1:***@");
  }

  /** Whether more than one server is listed: then connections go to the one that is primary (see PrimaryFinder). */
  public boolean several() {
    return servers.size() > 1;
  }

  /**
   * The pgjdbc URL of {@code database} on these servers: one host as before, several with
   * {@code targetServerType=primary}, so that Flyway migrates the primary and never a standby.
   */
  public String jdbcUrl(String database) {
    String hosts = servers.stream().map(DatabaseServers::address).collect(Collectors.joining(","));
    return "jdbc:postgresql://" + hosts + "/" + database + (several() ? "?targetServerType=primary" : "");
  }

  /** {@code host:port,host:port}, for logs. */
  @Override
  public String toString() {
    return servers.stream().map(DatabaseServers::address).collect(Collectors.joining(","));
  }

  /** {@code host:port}, an IPv6 host in brackets. */
  static String address(PgConnectOptions server) {
    String host = server.getHost();
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + server.getPort();
  }
}
