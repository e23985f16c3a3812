package io.chouette.collectors;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PluginLogTest {

  @Test
  void abbreviatePutsTheTextOnOneLine() {
    assertThat(PluginLog.abbreviate("  Unauthorized\n\tretry  later \n"))
        .isEqualTo("Unauthorized retry later");
  }

  @Test
  void abbreviateCutsLongTextAt200Characters() {
    assertThat(PluginLog.abbreviate("x".repeat(200))).isEqualTo("x".repeat(200));
    assertThat(PluginLog.abbreviate("x".repeat(201))).isEqualTo("x".repeat(200) + "...");
  }
}
