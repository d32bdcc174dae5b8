package dev.vigil.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.server.config.ConfigKey;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * {@link ServeLine} reads a line to the values picocli reads from it, and leaves to picocli every
 * line it is not sure of.
 */
class ServeLineTest {
  @Example
  void usualLines_areReadWithoutPicocli() {
    assertThat(ServeLine.read("serve")).contains(new ServeLine.Parsed(Optional.empty(), Map.of()));
    assertThat(ServeLine.read("serve", "--data", "/srv/vigil", "--port=8443", "--config", "v.yml"))
        .contains(
            new ServeLine.Parsed(
                Optional.of(Path.of("v.yml")),
                Map.of(ConfigKey.DATA, "/srv/vigil", ConfigKey.PORT, "8443")));
    assertThat(ServeLine.read("serve", "--host=", "--idle-timeout=a=b"))
        .contains(
            new ServeLine.Parsed(
                Optional.empty(), Map.of(ConfigKey.HOST, "", ConfigKey.IDLE_TIMEOUT, "a=b")));
  }

  @Example
  void otherLines_areLeftToPicocli() {
    assertThat(ServeLine.read()).isEmpty();
    assertThat(ServeLine.read("keys", "--data", "d")).isEmpty();
    assertThat(ServeLine.read("serve", "--help")).isEmpty();
    assertThat(ServeLine.read("serve", "--port")).isEmpty();
    assertThat(ServeLine.read("serve", "--port", "1", "--port", "2")).isEmpty();
    assertThat(ServeLine.read("serve", "--port", "-1")).isEmpty();
    assertThat(ServeLine.read("serve", "--data=--port")).isEmpty();
    assertThat(ServeLine.read("serve", "@args.txt")).isEmpty();
    assertThat(ServeLine.read("serve", "--data", "@dir")).isEmpty();
    assertThat(ServeLine.read("serve", "--config", "a", "--config=b")).isEmpty();
    assertThat(ServeLine.read("serve", "--config=a\0b")).isEmpty();
    assertThat(ServeLine.read("serve", "--nope", "x")).isEmpty();
  }

  @Example
  void serve_loadsNoneOfPicocli() throws Exception {
    Path data = dev.vigil.testkit.TempPaths.directory("vigil-serve-line");
    Path classes = data.resolve("classes.log");
    // a bad value ends it once the configuration is read: exit 2, as through picocli
    CliRun r =
        CliRun.child(
                Map.of("JAVA_TOOL_OPTIONS", "-Xlog:class+load=info:file=" + classes),
                "serve",
                "--data",
                data.toString(),
                "--idle-timeout",
                "soon")
            .run();
    assertThat(r.code()).as(r.err()).isEqualTo(2);
    assertThat(r.err()).contains("\nvigil: --idle-timeout: expected an ISO-8601 duration");
    String loaded = java.nio.file.Files.readString(classes);
    assertThat(loaded).contains("dev.vigil.server.cli.ServeLine").doesNotContain("picocli.");
  }

  @Property(tries = 2000)
  void whatItReads_picocliReadsTheSame(@ForAll("lines") List<String> line) {
    String[] args = line.toArray(String[]::new);
    Optional<ServeLine.Parsed> read = ServeLine.read(args);
    Statistics.label("read without picocli").collect(read.isPresent());
    // the generated lines must reach both sides, or the comparison proves nothing
    Statistics.label("read without picocli").coverage(c -> c.check(true).percentage(p -> p >= 10));
    if (read.isEmpty()) {
      return;
    }
    CommandLine picocli = VigilCommand.commandLine(args);
    ParseResult parsed = picocli.parseArgs(args);
    assertThat(parsed.subcommand().commandSpec().name()).isEqualTo("serve");
    var options = ConfigOptions.byName(parsed.subcommand().commandSpec());
    assertThat(read.get())
        .isEqualTo(new ServeLine.Parsed(ConfigOptions.file(options), ConfigOptions.flags(options)));
  }

  @Provide
  Arbitrary<List<String>> lines() {
    Arbitrary<String> name =
        Arbitraries.of(
            "--data",
            "--port",
            "--config",
            "--idle-timeout",
            "--host",
            "--nope",
            "-h",
            "--help",
            "-V",
            "--",
            "-",
            "serve");
    Arbitrary<String> value =
        Arbitraries.of(
            "x",
            "",
            "-1",
            "--data",
            "@file",
            "a=b",
            "/tmp/d",
            " ",
            "--",
            "-",
            "PT5M",
            "\"q\"",
            "--port=1");
    Arbitrary<List<String>> flag =
        Combinators.combine(name, value, Arbitraries.integers().between(0, 2))
            .as(
                (n, v, form) ->
                    switch (form) {
                      case 0 -> List.of(n + "=" + v);
                      case 1 -> List.of(n, v);
                      default -> List.of(n);
                    });
    return flag.list()
        .ofMaxSize(5)
        .map(
            flags -> {
              List<String> line = new ArrayList<>(List.of("serve"));
              flags.forEach(line::addAll);
              return line;
            });
  }
}
