package io.chouette.collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A plugin's warnings. A plugin logs what goes wrong with its source (unreachable, unreadable, too
 * slow) at WARN and returns nothing for that collection; each message carries the plugin's name as
 * the searchable {@code plugin} key, under the logger of the plugin's class.
 */
public final class PluginLog {

  /** Longest quote of a source's answer in a message. */
  private static final int MAX_QUOTE = 200;

  private final Logger log;
  private final String plugin;

  /**
   * @param source the class whose logger writes the messages
   * @param plugin the plugin's name, the {@code plugin} key of every message
   */
  public PluginLog(Class<?> source, String plugin) {
    this.log = LoggerFactory.getLogger(source);
    this.plugin = plugin;
  }

  /** A WARN message with {@code {}} placeholders. */
  public void warn(String format, Object... arguments) {
    log.atWarn().addKeyValue("plugin", plugin).log(format, arguments);
  }

  /**
   * {@code text} on one line (each run of white space one space), cut at 200 characters and ended
   * with {@code ...}: for quoting a source's answer (an HTTP body, an output line) in a message.
   */
  public static String abbreviate(String text) {
    String line = text.strip().replaceAll("\\s+", " ");
    return line.length() > MAX_QUOTE ? line.substring(0, MAX_QUOTE) + "..." : line;
  }
}
