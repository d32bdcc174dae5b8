package dev.vigil.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Vigil's log line is the line logback's {@code PatternLayout} writes with the same pattern. */
class LogLineTest {
  private final LoggerContext context = new LoggerContext();

  @Test
  void everyLine_isTheOneThePatternWrites() {
    PatternLayout pattern = new PatternLayout();
    pattern.setContext(context);
    pattern.setPattern(LogLine.PATTERN);
    pattern.start();
    LogLine line = new LogLine();
    line.setContext(context);
    line.start();

    for (LoggingEvent event : events()) {
      assertThat(line.doLayout(event))
          .as("%s %s", event.getLevel(), event.getLoggerName())
          .isEqualTo(pattern.doLayout(event));
    }
  }

  private List<LoggingEvent> events() {
    IllegalStateException suppressed = new IllegalStateException("closing failed");
    UncheckedIOException withCause =
        new UncheckedIOException("write failed", new IOException("disk full"));
    withCause.addSuppressed(suppressed);
    List<LoggingEvent> events = new ArrayList<>();
    String[] loggers = {"dev.vigil.server.Vigil", "Root", "dev.vigil.server.Vigil$Inner", "a."};
    Level[] levels = {Level.TRACE, Level.DEBUG, Level.INFO, Level.WARN, Level.ERROR};
    Instant[] times = {
      Instant.parse("2026-12-01T16:16:17.001Z"),
      Instant.parse("1999-12-31T23:59:59.999Z"),
      Instant.EPOCH,
      Instant.parse("2026-06-30T00:00:00Z")
    };
    int n = 0;
    for (String logger : loggers) {
      for (Level level : levels) {
        Throwable thrown = n % 3 == 0 ? withCause : n % 3 == 1 ? null : suppressed;
        LoggingEvent e =
            new LoggingEvent(
                "fqcn",
                context.getLogger(logger),
                level,
                n % 2 == 0 ? "listening on {} with {} in {}" : null,
                thrown,
                new Object[] {"http://127.0.0.1:8080", 42, "/data/ü"});
        e.setTimeStamp(times[n % times.length].toEpochMilli());
        events.add(e);
        n++;
      }
    }
    return events;
  }
}
