package io.talkmesh.common.webhook;

import io.talkmesh.common.error.TalkException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where a webhook may be sent: an absolute {@code http} or {@code https} URL without credentials, whose host is not
 * the mesh's own neighbourhood. A URL naming, or a host resolving to, a loopback, unspecified, link-local (which holds
 * the cloud metadata address 169.254.169.254), private (10/8, 172.16/12, 192.168/16, fc00::/7), shared (100.64/10),
 * multicast, broadcast or reserved address is refused, unless {@value #VARIABLE} allows it: a comma-separated list of
 * CIDR blocks (the tests' receivers on 127.0.0.1 need {@code 127.0.0.1/32}). IPv4-mapped IPv6 addresses are judged as
 * the IPv4 address they carry.
 * <p>
 * Checked twice: when an endpoint is saved ({@link #checkUrl}, which judges a literal address and leaves names to the
 * second check) and at every delivery on the addresses the name resolves to then ({@link #allows}), the connection
 * going to the address that was judged, so a name that re-resolves elsewhere (DNS rebinding) gains nothing.
 */
public final class TargetPolicy {
  public static final String VARIABLE = "TALK_WEBHOOK_ALLOWED_TARGETS";
  /** The longest URL an endpoint may have. */
  public static final int MAX_URL = 2048;

  private final List<Block> allowed;

  private TargetPolicy(List<Block> allowed) {
    this.allowed = List.copyOf(allowed);
  }

  /** The policy {@value #VARIABLE} sets (nothing allowed beyond public addresses when unset or empty). */
  public static TargetPolicy fromEnv(Map<String, String> env) {
    return of(env.getOrDefault(VARIABLE, ""));
  }

  /** The policy allowing, beyond public addresses, the comma-separated CIDR blocks of {@code allowedBlocks}. */
  public static TargetPolicy of(String allowedBlocks) {
    List<Block> blocks = new ArrayList<>();
    for (String part : allowedBlocks.split(",")) {
      String cidr = part.trim();
      if (!cidr.isEmpty()) {
        blocks.add(Block.parse(cidr));
      }
    }
    return new TargetPolicy(blocks);
  }

  /**
   * The URL as the endpoint will be called, or 400 {@code INVALID_WEBHOOK_URL} saying what is wrong: not absolute
   * http(s), credentials in it, a fragment, too long, no host, a bad port, or a literal address this policy refuses.
   */
  public URI checkUrl(String url) {
    if (url == null || url.isBlank()) {
      throw invalid("a webhook needs a url");
    }
    if (url.length() > MAX_URL) {
      throw invalid("the url is longer than %d characters", MAX_URL);
    }
    URI uri;
    try {
      uri = new URI(url.trim());
    } catch (URISyntaxException e) {
      throw invalid("the url is not a valid URI: %s", e.getReason());
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw invalid("the url must be http:// or https://");
    }
    if (uri.getRawUserInfo() != null) {
      throw invalid("the url must not hold credentials");
    }
    if (uri.getRawFragment() != null) {
      throw invalid("the url must not have a fragment");
    }
    String host = uri.getHost();
    if (host == null || host.isEmpty()) {
      throw invalid("the url has no host");
    }
    if (uri.getPort() == 0 || uri.getPort() > 65_535) {
      throw invalid("the url's port must be 1 to 65535");
    }
    InetAddress literal = literal(host);
    if (literal != null && !allows(literal)) {
      throw TalkException.invalid("WEBHOOK_TARGET_REFUSED",
          "webhooks may not be sent to %s (loopback, private, link-local or reserved)", literal.getHostAddress());
    }
    if (literal == null && (host.equalsIgnoreCase("localhost") || host.toLowerCase(Locale.ROOT).endsWith(".localhost"))) {
      throw TalkException.invalid("WEBHOOK_TARGET_REFUSED", "webhooks may not be sent to localhost");
    }
    return uri;
  }

  /** Whether a delivery may connect to {@code address}. */
  public boolean allows(InetAddress address) {
    InetAddress judged = unmapped(address);
    for (Block block : allowed) {
      if (block.contains(judged)) {
        return true;
      }
    }
    return isPublic(judged);
  }

  /** Whether {@code address} is an ordinary public unicast address. */
  static boolean isPublic(InetAddress address) {
    if (address.isAnyLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()
        || address.isSiteLocalAddress() || address.isMulticastAddress()) {
      return false;
    }
    byte[] b = address.getAddress();
    if (address instanceof Inet4Address) {
      int first = b[0] & 0xff;
      int second = b[1] & 0xff;
      return !(first == 0 // this network
          || first == 10 || first == 127
          || (first == 100 && second >= 64 && second <= 127) // shared address space (CGNAT)
          || (first == 169 && second == 254)
          || (first == 172 && second >= 16 && second <= 31)
          || (first == 192 && second == 168)
          || (first == 192 && second == 0 && (b[2] & 0xff) == 0) // IETF protocol assignments
          || (first == 198 && (second == 18 || second == 19)) // benchmarking
          || first >= 224); // multicast, reserved, broadcast
    }
    int first = b[0] & 0xff;
    return !((first & 0xfe) == 0xfc // unique local fc00::/7
        || (first == 0xfe && (b[1] & 0xc0) == 0x80) // link-local fe80::/10
        || (first == 0xfe && (b[1] & 0xc0) == 0xc0) // site-local fec0::/10 (deprecated)
        || first == 0xff
        || (first == 0x20 && (b[1] & 0xff) == 0x01 && (b[2] & 0xff) == 0x0d && (b[3] & 0xff) == 0xb8) // 2001:db8::/32
        || (first == 0x00 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b)); // NAT64
  }

  /** An IPv4-mapped IPv6 address as its IPv4 address; any other unchanged. */
  static InetAddress unmapped(InetAddress address) {
    if (address instanceof Inet6Address) {
      byte[] b = address.getAddress();
      boolean mapped = true;
      for (int i = 0; i < 10; i++) {
        mapped &= b[i] == 0;
      }
      if (mapped && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
        try {
          return InetAddress.getByAddress(Arrays.copyOfRange(b, 12, 16));
        } catch (UnknownHostException impossible) {
          throw new IllegalStateException(impossible);
        }
      }
    }
    return address;
  }

  /** The address a host part spells literally ({@code 10.0.0.1}, {@code [::1]}), or null for a name. */
  static InetAddress literal(String host) {
    String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    boolean ipv4 = h.matches("[0-9.]+");
    boolean ipv6 = h.contains(":");
    if (!ipv4 && !ipv6) {
      if (h.matches("(?i)(0x[0-9a-f]+|[0-9]+)(\\.(0x[0-9a-f]+|[0-9]+))*")) {
        throw invalid("the url's host %s is an address in an unusual notation", host);
      }
      return null;
    }
    if (ipv4 && !h.matches("(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}")) {
      throw invalid("the url's host %s is not a valid IPv4 address", host);
    }
    try {
      return InetAddress.getByName(h); // a literal: no lookup
    } catch (UnknownHostException e) {
      throw invalid("the url's host %s is not a valid address", host);
    }
  }

  private static TalkException invalid(String format, Object... args) {
    return TalkException.invalid("INVALID_WEBHOOK_URL", format, args);
  }

  /** A CIDR block of {@value #VARIABLE}. */
  private record Block(byte[] network, int bits) {
    static Block parse(String cidr) {
      String[] parts = cidr.split("/", 2);
      InetAddress address;
      try {
        if (!parts[0].matches("[0-9a-fA-F.:]+")) {
          throw new IllegalArgumentException();
        }
        address = unmapped(InetAddress.getByName(parts[0]));
      } catch (UnknownHostException | IllegalArgumentException e) {
        throw new IllegalArgumentException(VARIABLE + ": " + cidr + " is not a CIDR block (an address/bits)");
      }
      int max = address.getAddress().length * 8;
      int bits;
      try {
        bits = parts.length == 2 ? Integer.parseInt(parts[1]) : max;
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(VARIABLE + ": " + cidr + " has no valid prefix length");
      }
      if (bits < 0 || bits > max) {
        throw new IllegalArgumentException(VARIABLE + ": " + cidr + " has a prefix length beyond 0.." + max);
      }
      return new Block(address.getAddress(), bits);
    }

    boolean contains(InetAddress address) {
      byte[] a = address.getAddress();
      if (a.length != network.length) {
        return false;
      }
      for (int i = 0; i < bits; i++) {
        int mask = 0x80 >> (i % 8);
        if ((a[i / 8] & mask) != (network[i / 8] & mask)) {
          return false;
        }
      }
      return true;
    }
  }
}
