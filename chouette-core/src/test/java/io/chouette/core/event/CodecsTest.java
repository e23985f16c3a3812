package io.chouette.core.event;

import static org.assertj.core.api.Assertions.assertThat;

import io.chouette.core.storage.NewRecord;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The stored records of events and service checks: round trips, and broken records refused. */
class CodecsTest {

  static final Event EVENT =
      new Event(
          "deploy \"v2\"",
          "line1\nline2 é",
          1_700_000_000L,
          "pi-7",
          "deploys",
          Event.Priority.LOW,
          "my apps",
          Event.AlertType.ERROR,
          List.of("env:prod", "app:web"));

  static final ServiceCheck CHECK =
      new ServiceCheck("app.db", 2, 1_700_000_000L, "pi-7", "refused", List.of("db:main"));

  @Test
  void anEventSurvivesItsRecordAndIsScoredByItsOwnTimestamp() {
    NewRecord record = EventCodec.toRecord(EVENT);
    assertThat(record.timestamp()).isEqualTo(1_700_000_000.0);
    assertThat(EventCodec.parse(record.json())).contains(EVENT);
    Event minimal = Event.of("t", "", 5);
    assertThat(EventCodec.parse(EventCodec.toJson(minimal))).contains(minimal);
  }

  @Test
  void aServiceCheckSurvivesItsRecordAndIsScoredByItsOwnTimestamp() {
    NewRecord record = ServiceCheckCodec.toRecord(CHECK);
    assertThat(record.timestamp()).isEqualTo(1_700_000_000.0);
    assertThat(ServiceCheckCodec.parse(record.json())).contains(CHECK);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "not json",
        "[1,2]",
        "{}",
        "{\"title\":\"\",\"text\":\"x\",\"timestamp\":5}",
        "{\"title\":\"t\",\"timestamp\":5}",
        "{\"title\":\"t\",\"text\":\"x\"}",
        "{\"title\":\"t\",\"text\":\"x\",\"timestamp\":\"5\"}",
        "{\"title\":\"t\",\"text\":\"x\",\"timestamp\":0}",
        "{\"title\":\"t\",\"text\":\"x\",\"timestamp\":5,\"priority\":\"urgent\"}",
        "{\"title\":\"t\",\"text\":\"x\",\"timestamp\":5,\"alert_type\":\"ERROR\"}",
        "{\"title\":\"t\",\"text\":\"x\",\"timestamp\":5,\"tags\":\"a,b\"}",
        "{\"title\":\"t\",\"text\":\"x\",\"timestamp\":5,\"tags\":[1]}",
        "{\"title\":7,\"text\":\"x\",\"timestamp\":5}"
      })
  void aBrokenEventRecordIsRefused(String json) {
    assertThat(EventCodec.parse(json)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "{",
        "{}",
        "{\"check\":\"\",\"status\":0,\"timestamp\":5}",
        "{\"check\":\"c\",\"timestamp\":5}",
        "{\"check\":\"c\",\"status\":4,\"timestamp\":5}",
        "{\"check\":\"c\",\"status\":-1,\"timestamp\":5}",
        "{\"check\":\"c\",\"status\":\"0\",\"timestamp\":5}",
        "{\"check\":\"c\",\"status\":0}",
        "{\"check\":\"c\",\"status\":0,\"timestamp\":5,\"message\":{}}",
        "{\"check\":\"c\",\"status\":0,\"timestamp\":5,\"tags\":{}}"
      })
  void aBrokenServiceCheckRecordIsRefused(String json) {
    assertThat(ServiceCheckCodec.parse(json)).isEmpty();
  }
}
