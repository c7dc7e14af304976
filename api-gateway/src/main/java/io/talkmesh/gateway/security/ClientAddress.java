package io.talkmesh.gateway.security;

import io.netty.util.NetUtil;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * The address of the client behind a request, for login throttling. It is the TCP peer, unless the peer is one of
 * the trusted proxies ({@code TALK_TRUSTED_PROXIES}): then {@code X-Forwarded-For} is read from the right (each proxy
 * appends the address it received the request from) and the right-most address that is not a trusted proxy is the
 * client. Everything left of it was written by the client and is ignored, so a client cannot choose its address.
 */
public final class ClientAddress {
  /** An address range: its first bytes and how many leading bits must match. */
  private record Range(byte[] network, int bits) {
    boolean contains(byte[] address) {
      if (address.length != network.length) {
        return false;
      }
      int whole = bits / 8;
      for (int i = 0; i < whole; i++) {
        if (address[i] != network[i]) {
          return false;
        }
      }
      int rest = bits % 8;
      if (rest == 0) {
        return true;
      }
      int mask = (0xff << (8 - rest)) & 0xff;
      return (address[whole] & mask) == (network[whole] & mask);
    }
  }

  private final List<Range> trusted;

  private ClientAddress(List<Range> trusted) {
    this.trusted = trusted;
  }

  /** No trusted proxy: the TCP peer is the client. */
  public static ClientAddress none() {
    return new ClientAddress(List.of());
  }

  /**
   * Parses addresses and CIDR ranges ({@code 10.0.0.0/8}, {@code 192.168.1.7}, {@code fd00::/8}); a bad entry fails
   * naming {@code variable}.
   */
  public static ClientAddress parse(String variable, List<String> entries) {
    List<Range> ranges = new ArrayList<>();
    for (String entry : entries) {
      String[] parts = entry.split("/", -1);
      byte[] network = parts.length <= 2 ? NetUtil.createByteArrayFromIpAddressString(parts[0]) : null;
      int bits;
      try {
        bits = parts.length == 2 ? Integer.parseInt(parts[1]) : network == null ? -1 : network.length * 8;
      } catch (NumberFormatException e) {
        bits = -1;
      }
      if (network == null || bits < 0 || bits > network.length * 8) {
        throw new IllegalArgumentException(variable + " must be comma-separated IP addresses or CIDR ranges"
            + " (e.g. 10.0.0.0/8), got '" + entry + "'");
      }
      ranges.add(new Range(network, bits));
    }
    return new ClientAddress(List.copyOf(ranges));
  }

  public boolean trusts(String address) {
    byte[] bytes = address == null ? null : NetUtil.createByteArrayFromIpAddressString(address);
    return bytes != null && trusted.stream().anyMatch(r -> r.contains(bytes));
  }

  /** The client's address ("" when the peer is unknown). */
  public String of(HttpServerRequest request) {
    SocketAddress peer = request.remoteAddress();
    String client = peer == null || peer.hostAddress() == null ? "" : peer.hostAddress();
    if (!trusts(client)) {
      return client;
    }
    List<String> forwarded = request.headers().getAll("X-Forwarded-For");
    List<String> hops = new ArrayList<>();
    for (String header : forwarded) {
      for (String hop : header.split(",")) {
        hops.add(hop.trim());
      }
    }
    for (int i = hops.size() - 1; i >= 0; i--) {
      String hop = hops.get(i);
      if (NetUtil.createByteArrayFromIpAddressString(hop) == null) {
        break; // not an address a proxy writes: stop at the last hop we could believe
      }
      client = hop;
      if (!trusts(hop)) {
        break;
      }
    }
    return client;
  }
}
