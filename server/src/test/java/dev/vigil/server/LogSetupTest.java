package dev.vigil.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The logging set up in code: the process's own logger context is configured by it. */
class LogSetupTest {
  @Test
  void theProcessLogsInfoToStandardError_oneUtcLinePerEvent_librariesFromWarn() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    assertThat(root.getLevel()).isEqualTo(Level.INFO);
    assertThat(root.getAppender("STDERR")).isInstanceOf(ConsoleAppender.class);
    ConsoleAppender<?> stderr = (ConsoleAppender<?>) root.getAppender("STDERR");
    assertThat(stderr.getTarget()).isEqualTo("System.err");
    assertThat(((LayoutWrappingEncoder<?>) stderr.getEncoder()).getLayout())
        .isInstanceOf(LogLine.class);
    for (String chatty :
        new String[] {
          "org.eclipse.jetty",
          "io.javalin",
          "com.zaxxer.hikari",
          "org.flywaydb",
          "nl.basjes.parse.useragent"
        }) {
      assertThat(context.getLogger(chatty).getLevel()).as(chatty).isEqualTo(Level.WARN);
    }
    assertThat(context.getLogger("dev.vigil.server.Vigil").getEffectiveLevel())
        .isEqualTo(Level.INFO);
  }
}
