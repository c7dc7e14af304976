package io.talkmesh.common.operation;

/** A query parameter an operation reads, with the type it must have (checked where the request enters the mesh). */
public record Param(String name, Type type) {
  public enum Type {
    UUID,
    STRING,
    INTEGER
  }

  public static Param uuid(String name) {
    return new Param(name, Type.UUID);
  }

  public static Param string(String name) {
    return new Param(name, Type.STRING);
  }

  public static Param integer(String name) {
    return new Param(name, Type.INTEGER);
  }
}
