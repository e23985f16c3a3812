package io.chouette.core.send;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/** Captures every log event of {@code io.chouette.core.send}, down to DEBUG, while open. */
final class LogCapture implements AutoCloseable {
  private final Logger logger;
  private final Level previousLevel;
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

  LogCapture() {
    logger = (Logger) LoggerFactory.getLogger("io.chouette.core.send");
    previousLevel = logger.getLevel();
    logger.setLevel(Level.DEBUG);
    appender.start();
    logger.addAppender(appender);
  }

  /** The formatted messages at {@code level} (any level when null), with their throwables. */
  List<String> lines(Level level) {
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

  @Override
  public void close() {
    logger.detachAppender(appender);
    logger.setLevel(previousLevel);
  }
}
