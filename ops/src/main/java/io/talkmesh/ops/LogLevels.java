package io.talkmesh.ops;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import org.slf4j.LoggerFactory;

/** Applies {@code TALK_LOG_LEVELS} ("logger=LEVEL,logger=LEVEL"): log levels per package, from the environment. */
public final class LogLevels {
  private LogLevels() {
  }

  public static void apply(String spec) {
    if (spec == null || spec.isBlank() || !(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return;
    }
    for (String entry : spec.split(",")) {
      String[] pair = entry.trim().split("=", 2);
      if (pair.length != 2 || pair[0].isBlank()) {
        throw new IllegalArgumentException("TALK_LOG_LEVELS entries look like logger=LEVEL, got '" + entry + "'");
      }
      context.getLogger(pair[0].trim()).setLevel(Level.toLevel(pair[1].trim(), null));
    }
  }
}
