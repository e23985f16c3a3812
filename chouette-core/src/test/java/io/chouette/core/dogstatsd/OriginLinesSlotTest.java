package io.chouette.core.dogstatsd;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OriginLinesSlotTest {

  private static int slotOf(String field) {
    byte[] b = ("x" + field + "y").getBytes(StandardCharsets.US_ASCII);
    return OriginLines.slot(b, 1, b.length - 1);
  }

  private static int slotsUsed(String format, int count) {
    Set<Integer> slots = new HashSet<>();
    for (int i = 0; i < count; i++) {
      slots.add(slotOf(String.format(Locale.ROOT, format, i)));
    }
    return slots.size();
  }

  @Test
  void containerIdsThatDifferOnlyInTheirLastCharactersSpreadOverTheSlots() {
    // 64 random slots for 64 values fill about 40 of them; one slot for all would be a bug
    assertThat(slotsUsed("%064x", 64)).isGreaterThanOrEqualTo(30);
    assertThat(slotsUsed("ci-%064x", 64)).isGreaterThanOrEqualTo(30);
  }

  @Test
  void containerIdsThatDifferOnlyInTheirFirstCharactersSpreadOverTheSlots() {
    assertThat(slotsUsed("%02x" + "0".repeat(62), 64)).isGreaterThanOrEqualTo(30);
  }

  @Test
  void shortValuesAndTheCgroupFormSpreadOverTheSlots() {
    assertThat(slotsUsed("%d", 64)).isGreaterThanOrEqualTo(30);
    assertThat(slotsUsed("in-%d", 64)).isGreaterThanOrEqualTo(30);
  }
}
