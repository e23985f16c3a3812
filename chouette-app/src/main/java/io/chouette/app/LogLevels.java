package io.chouette.app;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import java.util.Locale;
import org.slf4j.LoggerFactory;

/** Applies {@code LOG_LEVEL} (Python names accepted: WARNING, CRITICAL) and flushes on exit. */
final class LogLevels {
  private LogLevels() {}

  static void apply(String logLevel) {
    Level level =
        switch (logLevel.toLowerCase(Locale.ROOT)) {
          case "trace" -> Level.TRACE;
          case "debug" -> Level.DEBUG;
          case "warn", "warning" -> Level.WARN;
          case "error", "critical" -> Level.ERROR;
          case "off" -> Level.OFF;
          default -> Level.INFO;
        };
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
      context.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(level);
      context.getLogger("org.apache.pekko").setLevel(level);
    }
  }

  /** Pekko's own name for the level. */
  static String pekkoLevel(String logLevel) {
    return switch (logLevel.toLowerCase(Locale.ROOT)) {
      case "trace", "debug" -> "DEBUG";
      case "warn", "warning" -> "WARNING";
      case "error", "critical" -> "ERROR";
      case "off" -> "OFF";
      default -> "INFO";
    };
  }

  /** Writes out what the async appender still holds; call before {@code System.exit}. */
  static void flush() {
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
      context.stop();
    }
  }
}
