package io.talkmesh.common.config;

import java.util.Map;

/** Reads typed values from an environment map; every parse error names the variable. */
public final class Env {
  private final Map<String, String> vars;

  public Env(Map<String, String> vars) {
    this.vars = Map.copyOf(vars);
  }

  public String string(String name, String defaultValue) {
    String value = vars.get(name);
    return value == null || value.isBlank() ? defaultValue : value.trim();
  }

  public int integer(String name, int defaultValue) {
    String value = vars.get(name);
    if (value == null || value.isBlank()) {
      return defaultValue;
    }
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be an integer, got '" + value + "'");
    }
  }

  public int port(String name, int defaultValue) {
    int port = integer(name, defaultValue);
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException(name + " must be a TCP port (0-65535), got " + port);
    }
    return port;
  }

  public int positive(String name, int defaultValue) {
    int value = integer(name, defaultValue);
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be > 0, got " + value);
    }
    return value;
  }
}
