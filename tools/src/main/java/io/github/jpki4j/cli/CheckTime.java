package io.github.jpki4j.cli;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** The {@code --at TIME} of {@code cms verify}: an ISO-8601 instant, or a date (midnight UTC). */
final class CheckTime {
  /** What --at takes, said once for the help and the error. */
  static final String USAGE =
      "--at takes an ISO-8601 instant (2030-01-31T09:00:00Z, 2030-01-31T18:00:00+09:00)"
          + " or a date (2030-01-31, midnight UTC)";

  private CheckTime() {}

  /** The instant {@code text} names, or null when it is neither form. */
  static Instant parse(String text) {
    String t = text.strip();
    try {
      return OffsetDateTime.parse(t).toInstant();
    } catch (DateTimeParseException e) {
      // not an instant with a zone: a date?
    }
    try {
      return LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
