package io.chouette.core.send;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LinkBudgetTest {

  final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  final LinkBudget budget = new LinkBudget(10_000, nanos::get); // 10 KB/s

  @Test
  void noCapNeverWaits() {
    LinkBudget unlimited = LinkBudget.of(0);
    unlimited.spend(1_000_000_000);
    assertThat(unlimited.reserve(1_000_000_000)).isZero();
  }

  @Test
  void bookingsQueueBehindEachOtherAtTheCap() {
    assertThat(budget.reserve(5_000)).isZero();
    assertThat(budget.reserve(5_000)).isEqualTo(Duration.ofMillis(500));
    assertThat(budget.reserve(1_000)).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void aCorrectionMovesTheNextTurn() {
    budget.reserve(5_000);
    budget.correct(5_000); // it sent 10 KB, not 5
    assertThat(budget.reserve(0)).isEqualTo(Duration.ofSeconds(1));
    budget.correct(-10_000);
    assertThat(budget.reserve(0)).isZero();
  }

  @Test
  void spentBytesPushTheBacklogBackAndTimeFreesTheLink() {
    budget.spend(20_000);
    assertThat(budget.reserve(0)).isEqualTo(Duration.ofSeconds(2));
    nanos.addAndGet(Duration.ofSeconds(3).toNanos());
    assertThat(budget.reserve(0)).isZero();
  }

  @Test
  void aTurnGivenBackIsFreeAgain() {
    LinkTurn first = new LinkTurn(budget);
    first.sent(10_000); // a partial bulk: charged, not booked
    assertThat(first.book(true)).isEqualTo(Duration.ofSeconds(1));
    first.cancel();
    assertThat(budget.reserve(0)).isEqualTo(Duration.ofSeconds(1));
    assertThat(first.book(false)).as("a normal payload never waits").isZero();
  }
}
