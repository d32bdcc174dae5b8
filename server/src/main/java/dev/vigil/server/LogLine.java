package dev.vigil.server;

import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.LayoutBase;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * One log line as logback's {@code PatternLayout} writes it with {@link #PATTERN} ({@code
 * 2026-12-01T16:16:17.001Z INFO Vigil - message}, UTC, the level padded to five characters, the
 * logger's name after its last dot, then any throwable's stack trace as logback prints it), without
 * {@code PatternLayout}: that class's static set-up links about seventy lambdas and loads its
 * pattern parser, 55 ms of the main thread in a start without the AOT cache (docs/BENCHMARKS.md,
 * "Start-up to ready"). {@code LogLineTest} holds the two to the same output.
 *
 * <p>Thread-safe once started, as logback's layouts are.
 */
final class LogLine extends LayoutBase<ILoggingEvent> {
  /** The pattern whose lines this layout writes. */
  static final String PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSX,UTC} %-5level %logger{0} - %msg%n";

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSX").withZone(ZoneOffset.UTC);

  /** The converter {@code PatternLayout} appends when a pattern prints no throwable itself. */
  private final ThrowableProxyConverter throwable = new ThrowableProxyConverter();

  @Override
  public void start() {
    throwable.setContext(getContext());
    throwable.start();
    super.start();
  }

  @Override
  public void stop() {
    throwable.stop();
    super.stop();
  }

  @Override
  public String doLayout(ILoggingEvent event) {
    StringBuilder line = new StringBuilder(128);
    TIME.formatTo(Instant.ofEpochMilli(event.getTimeStamp()), line);
    line.append(' ');
    String level = event.getLevel().toString();
    line.append(level);
    for (int i = level.length(); i < 5; i++) {
      line.append(' ');
    }
    String logger = event.getLoggerName();
    line.append(' ')
        .append(logger, logger.lastIndexOf('.') + 1, logger.length())
        .append(" - ")
        .append(event.getFormattedMessage())
        .append(CoreConstants.LINE_SEPARATOR);
    if (event.getThrowableProxy() != null) {
      line.append(throwable.convert(event));
    }
    return line.toString();
  }
}
