package io.talkmesh.common.operation;

/** Who may call an operation: anyone (login), or an authenticated agent (whose rights the domain then checks). */
public enum Caller {
  ANYONE,
  AGENT
}
