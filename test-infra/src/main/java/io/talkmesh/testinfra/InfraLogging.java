package io.talkmesh.testinfra;

import org.slf4j.LoggerFactory;

/** Keeps the embedded servers' chatty startup logs out of test and dev-stack output. */
public final class InfraLogging {
  private InfraLogging() {
  }

  /**
   * Raises the given logback loggers to WARN unless the logback configuration already gave them an
   * explicit level (so a logback.xml can still turn them up). No-op when logback is not the backend.
   */
  public static void warnUnlessConfigured(String... loggerNames) {
    try {
      if (LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext ctx) {
        for (String name : loggerNames) {
          ch.qos.logback.classic.Logger logger = ctx.getLogger(name);
          if (logger.getLevel() == null) {
            logger.setLevel(ch.qos.logback.classic.Level.WARN);
          }
        }
      }
    } catch (NoClassDefFoundError ignored) {
      // logback not on the classpath: leave logging alone
    }
  }
}
