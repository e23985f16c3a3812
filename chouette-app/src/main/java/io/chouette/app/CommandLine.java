package io.chouette.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** The options besides running the agent: {@code --help}, {@code --version}, {@code --test}. */
final class CommandLine {

  static final int EXIT_USAGE = 64;

  private CommandLine() {}

  static int run(String[] args, Map<String, String> env, PrintStream out) {
    if (args.length != 1) {
      return usage(out, "expected one option, found " + args.length);
    }
    switch (args[0]) {
      case "--help", "-h":
        out.print(help());
        return Main.EXIT_OK;
      case "--test":
        LogLevels.toStandardError();
        return PluginCheck.run(env, out, System.err);
      case "--version", "-v":
        out.println("chouette " + Main.version());
        return Main.EXIT_OK;
      default:
        return usage(out, "unknown option " + args[0]);
    }
  }

  private static int usage(PrintStream out, String problem) {
    out.println("chouette: " + problem + "; try --help");
    return EXIT_USAGE;
  }

  static String help() {
    try (InputStream in = CommandLine.class.getResourceAsStream("/chouette-help.txt")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
