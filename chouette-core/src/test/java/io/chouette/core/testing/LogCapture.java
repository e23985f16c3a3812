package io.chouette.core.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Captures every event logged under one logger (a class, or a package and everything in it), down
 * to DEBUG, while open; for assertions on the messages. Closing restores the logger's level.
 */
public final class LogCapture implements AutoCloseable {

  private final Logger logger;
  private final Level previousLevel;
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

  private LogCapture(String loggerName) {
    logger = (Logger) LoggerFactory.getLogger(loggerName);
    previousLevel = logger.getLevel();
    logger.setLevel(Level.DEBUG);
    appender.start();
    logger.addAppender(appender);
  }

  /** What {@code source} logs. */
  public static LogCapture of(Class<?> source) {
    return new LogCapture(source.getName());
  }

  /** What is logged under {@code loggerName}, e.g. a package: {@code "io.chouette.core.send"}. */
  public static LogCapture of(String loggerName) {
    return new LogCapture(loggerName);
  }

  /** The formatted messages at {@code level} (any level when null), with their throwables. */
  public List<String> lines(Level level) {
    synchronized (appender) {
      return appender.list.stream()
          .filter(e -> level == null || e.getLevel() == level)
          .map(
              e ->
                  e.getFormattedMessage()
                      + (e.getThrowableProxy() == null
                          ? ""
                          : " " + e.getThrowableProxy().getMessage()))
          .toList();
    }
  }

  /** The formatted messages of WARN and above, in order. */
  public List<String> warnings() {
    synchronized (appender) {
      return appender.list.stream()
          .filter(event -> event.getLevel().isGreaterOrEqual(Level.WARN))
          .map(ILoggingEvent::getFormattedMessage)
          .toList();
    }
  }

  @Override
  public void close() {
    logger.detachAppender(appender);
    appender.stop();
    logger.setLevel(previousLevel);
  }
}
