package dev.vigil.server.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.vigil.server.DataDirectory;
import dev.vigil.server.api.SessionJson;
import dev.vigil.server.config.ConfigException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code vigil events export --since T}: the event log as JSON lines, oldest first. */
@Command(
    name = "events",
    mixinStandardHelpOptions = true,
    description = "Read the event log.",
    subcommands = {EventsCommand.Export.class})
final class EventsCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(
      name = "export",
      mixinStandardHelpOptions = true,
      description =
          "Write every event at or after --since as one JSON object per line, oldest first.")
  static final class Export implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @CommandLine.Option(
        names = "--since",
        required = true,
        description = "RFC 3339 time, e.g. 2026-11-29T00:00:00Z")
    String since;

    @CommandLine.Option(
        names = "--output",
        description = "file to write (default: standard output)")
    Path output;

    @Override
    public Integer call() throws IOException {
      Instant from;
      try {
        from = Instant.parse(since);
      } catch (DateTimeParseException e) {
        throw new ConfigException(
            "--since: expected an RFC 3339 UTC time such as 2026-11-29T00:00:00Z, got '"
                + since
                + "'");
      }
      AtomicLong n = new AtomicLong();
      try (DataDirectory data = DataDirectory.open(ConfigOptions.load(spec), Clock.systemUTC());
          OutputStream out = output == null ? nonClosing(System.out) : ownerOnly(output);
          JsonGenerator g = new JsonFactory().createGenerator(out)) {
        g.setRootValueSeparator(null);
        data.feed()
            .forEachSince(
                from,
                e -> {
                  try {
                    SessionJson.event(g, e);
                    g.writeRaw('\n');
                    n.incrementAndGet();
                  } catch (IOException x) {
                    throw new UncheckedIOException(x);
                  }
                });
      }
      spec.commandLine().getErr().printf("exported %d events%n", n.get());
      return 0;
    }

    /**
     * The export holds subjects, client addresses and user agents: a file it creates is mode 0600;
     * a file that exists is the operator's, written over with its mode as it is.
     */
    private static OutputStream ownerOnly(Path file) throws IOException {
      try {
        dev.vigil.server.files.OwnerOnly.createFile(file);
      } catch (java.nio.file.FileAlreadyExistsException e) {
        // the operator's own file
      }
      return Files.newOutputStream(file);
    }

    private static OutputStream nonClosing(OutputStream out) {
      return new java.io.FilterOutputStream(out) {
        @Override
        public void close() throws IOException {
          flush();
        }
      };
    }
  }
}
