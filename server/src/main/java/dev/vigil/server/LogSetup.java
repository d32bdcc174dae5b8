package dev.vigil.server;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * Vigil's logging, set up in code rather than from a {@code logback.xml}: one line per event on
 * standard error ({@code 2026-12-01T16:16:17.001Z INFO Vigil - ...}, UTC: {@link LogLine}), INFO
 * and above, the libraries' chatter (Jetty, Javalin, HikariCP, Flyway, Yauaa) from WARN. Parsing an
 * XML configuration took about a tenth of start-up (docs/BENCHMARKS.md, "Start-up to ready").
 *
 * <p>Found by logback through {@code META-INF/services}. An operator's own configuration wins: with
 * {@code -Dlogback.configurationFile=FILE}, or a {@code logback-test.xml} on the class path, this
 * does nothing and logback reads that file as usual.
 *
 * <p>No {@code @ConfiguratorRank}: logback reads that annotation from every configurator it finds,
 * and reading the first annotation of a JVM builds a proxy class for it (25-30 ms of a start). The
 * rank only orders several custom configurators, and this is the only one.
 */
public final class LogSetup extends ContextAwareBase implements Configurator {
  @Override
  public ExecutionStatus configure(LoggerContext context) {
    if (System.getProperty("logback.configurationFile") != null
        || LogSetup.class.getClassLoader().getResource("logback-test.xml") != null) {
      return ExecutionStatus.INVOKE_NEXT_IF_ANY;
    }
    LogLine line = new LogLine();
    line.setContext(context);
    line.start();
    LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
    encoder.setContext(context);
    encoder.setLayout(line);
    encoder.start();
    ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
    stderr.setContext(context);
    stderr.setName("STDERR");
    stderr.setTarget("System.err");
    stderr.setEncoder(encoder);
    stderr.start();
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.INFO);
    root.addAppender(stderr);
    for (String chatty :
        new String[] {
          "org.eclipse.jetty",
          "io.javalin",
          "com.zaxxer.hikari",
          "org.flywaydb",
          // Yauaa's banner and load statistics; BackgroundUserAgents logs the build time
          "nl.basjes.parse.useragent"
        }) {
      context.getLogger(chatty).setLevel(Level.WARN);
    }
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }
}
