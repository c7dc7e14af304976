package io.talkmesh.common.operation;

/**
 * Who may call an operation: anyone (login), an authenticated agent (whose rights the domain then checks), or a
 * service of the mesh (gateway, push-service) asking without an actor; such an operation has no public route.
 */
public enum Caller {
  ANYONE,
  AGENT,
  SERVICE
}
