package io.chouette.app;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
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

  /**
   * Sends the console log to standard error, so that {@code --test} can print its JSON alone on
   * standard output.
   */
  static void toStandardError() {
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
      context
          .getLoggerList()
          .forEach(
              logger -> logger.iteratorForAppenders().forEachRemaining(LogLevels::toStandardError));
    }
  }

  private static void toStandardError(Appender<ILoggingEvent> appender) {
    if (appender instanceof AsyncAppender async) {
      async.iteratorForAppenders().forEachRemaining(LogLevels::toStandardError);
    } else if (appender instanceof ConsoleAppender<ILoggingEvent> console) {
      console.stop();
      console.setTarget("System.err");
      console.start();
    }
  }

  /** Writes out what the async appender still holds; call before {@code System.exit}. */
  static void flush() {
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
      context.stop();
    }
  }
}
