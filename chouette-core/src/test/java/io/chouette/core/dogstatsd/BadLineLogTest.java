package io.chouette.core.dogstatsd;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** How a bad line is shown in the log; the rate limit is tested through DogStatsdBucketsTest. */
class BadLineLogTest {

  @Test
  void printableEscapesControlBytesAndTruncates() {
    byte[] line = ("a\u0001b" + "x".repeat(300)).getBytes(StandardCharsets.UTF_8);
    String printable = BadLineLog.printable(line, 0, line.length);
    assertThat(printable).startsWith("a\\x01bxxx").endsWith("...");
    assertThat(printable.length()).isLessThan(220);
  }
}
