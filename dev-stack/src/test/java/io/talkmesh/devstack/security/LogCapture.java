package io.talkmesh.devstack.security;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.read.ListAppender;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Captures what every service of an in-process {@code Stack} logs (they share the test JVM's logback) at DEBUG, the
 * most an operator would turn on ({@code TALK_LOG_LEVEL=DEBUG}). While capturing, the console appenders are set
 * aside so the debug flood does not drown the build output; {@link #close()} restores level and appenders.
 */
final class LogCapture implements AutoCloseable {
  private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  private final Level level = root.getLevel();
  /** Loggers given a level of their own (e.g. by {@code TALK_LOG_LEVEL}) and that level, to restore. */
  private final java.util.Map<Logger, Level> ownLevels = new java.util.HashMap<>();
  private final List<Appender<ILoggingEvent>> setAside = new ArrayList<>();
  private final ListAppender<ILoggingEvent> captured = new ListAppender<>();

  LogCapture() {
    for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
      setAside.add(it.next());
    }
    setAside.forEach(root::detachAppender);
    captured.setContext(root.getLoggerContext());
    captured.start();
    root.addAppender(captured);
    root.setLevel(Level.DEBUG);
    for (Logger logger : root.getLoggerContext().getLoggerList()) {
      if (logger != root && logger.getLevel() != null && logger.getLevel().isGreaterOrEqual(Level.INFO)) {
        ownLevels.put(logger, logger.getLevel());
        logger.setLevel(Level.DEBUG);
      }
    }
  }

  /** Every captured event as text: logger, formatted message, arguments, MDC, and the whole throwable chain. */
  List<String> lines() {
    List<String> lines = new ArrayList<>();
    synchronized (captured) {
      for (ILoggingEvent e : new ArrayList<>(captured.list)) {
        StringBuilder s = new StringBuilder(e.getLevel() + " " + e.getLoggerName() + " - " + e.getFormattedMessage());
        if (e.getArgumentArray() != null) {
          for (Object arg : e.getArgumentArray()) {
            s.append(" | arg ").append(arg);
          }
        }
        e.getMDCPropertyMap().forEach((k, v) -> s.append(" | mdc ").append(k).append('=').append(v));
        for (IThrowableProxy t = e.getThrowableProxy(); t != null; t = t.getCause()) {
          s.append(" | ").append(t.getClassName()).append(": ").append(t.getMessage());
          for (StackTraceElementProxy frame : t.getStackTraceElementProxyArray()) {
            s.append(" at ").append(frame.getSTEAsString());
          }
        }
        lines.add(s.toString());
      }
    }
    return lines;
  }

  @Override
  public void close() {
    ownLevels.forEach(Logger::setLevel);
    root.setLevel(level);
    root.detachAppender(captured);
    captured.stop();
    setAside.forEach(root::addAppender);
  }
}
