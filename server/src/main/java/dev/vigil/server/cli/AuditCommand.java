package dev.vigil.server.cli;

import dev.vigil.audit.EventChain;
import dev.vigil.server.DataDirectory;
import dev.vigil.server.assess.Aal;
import dev.vigil.server.assess.Check;
import dev.vigil.server.assess.ConfigAudit;
import dev.vigil.server.assess.Report;
import dev.vigil.server.assess.ReportJson;
import dev.vigil.server.assess.ReportText;
import dev.vigil.server.assess.Settings;
import dev.vigil.server.config.VigilConfig;
import dev.vigil.server.keys.KeyringFile;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code vigil audit}: the configuration audit. Reads the configuration exactly as {@code serve}
 * does (file, {@code VIGIL_*} environment, flags) and its data directory, and with {@code --server
 * URL --api-key KEY} also the running server's effective settings ({@code GET /v1/admin/config});
 * prints one PASS, WARN or FAIL per check with its OWASP ASVS 5.0 and NIST SP 800-63B-4 reference
 * and the fix ({@link ConfigAudit}). Exit codes: 0 no FAIL, 1 any FAIL, 2 bad usage, configuration
 * or server answer. {@code vigil audit verify-log} checks the event log's chain alone.
 */
@Command(
    name = "audit",
    mixinStandardHelpOptions = true,
    description = {
      "Audit the configuration against OWASP ASVS 5.0 and NIST SP 800-63B-4: one PASS, WARN or"
          + " FAIL line per check, with its reference and the fix; exit 1 on any FAIL.",
      "With --server and --api-key, also audit the running server's effective settings and say"
          + " where they differ from the configuration read here."
    },
    subcommands = {AuditCommand.VerifyLog.class})
final class AuditCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--server",
      paramLabel = "URL",
      description = "a running Vigil to audit too, e.g. https://vigil.internal:8443")
  String server;

  @Option(
      names = "--api-key",
      paramLabel = "KEY",
      defaultValue = "${env:VIGIL_AUDIT_API_KEY}",
      description =
          "an API key with scope admin, for --server (default: VIGIL_AUDIT_API_KEY, which keeps"
              + " the key out of the process list)")
  String apiKey;

  @Option(
      names = "--format",
      paramLabel = "text|json",
      defaultValue = "text",
      description = "text (aligned lines) or json (one document); default text")
  String format;

  @Option(
      names = "--aal",
      paramLabel = "1|2|3",
      defaultValue = "2",
      description = "the NIST SP 800-63B-4 assurance level the timeouts are held to; default 2")
  int aal;

  @Override
  public Integer call() throws IOException {
    if (!format.equals("text") && !format.equals("json")) {
      throw usage("--format: expected text or json, got '" + format + "'");
    }
    if (aal < 1 || aal > 3) {
      throw usage("--aal: expected 1, 2 or 3, got " + aal);
    }
    boolean keyGiven = spec.commandLine().getParseResult().hasMatchedOption("--api-key");
    if (server == null && keyGiven) {
      throw usage("--server and --api-key come together");
    }
    if (server != null && (apiKey == null || apiKey.isBlank())) {
      throw usage("--server and --api-key (or VIGIL_AUDIT_API_KEY) come together");
    }
    VigilConfig config = ConfigOptions.load(spec);
    Clock clock = Clock.systemUTC();
    Aal level = Aal.of(aal);
    List<Report.Section> sections = new ArrayList<>();
    Settings here;
    try (DataDirectory data = DataDirectory.open(config, clock)) {
      here = Settings.of(config, data.keyring().get(), data.apiKeys().list());
      EventChain.Check chain = data.events().verifyChain();
      List<Check> checks = new ArrayList<>(ConfigAudit.settings(here, level, clock.instant()));
      checks.addAll(
          ConfigAudit.dataDirectory(
              config.data(),
              chain,
              Set.of(
                  KeyringFile.NAME,
                  DataDirectory.ADMIN_KEY,
                  DataDirectory.DATABASE,
                  DataDirectory.DATABASE + "-wal",
                  DataDirectory.DATABASE + "-shm"),
              config.data().resolve(DataDirectory.ADMIN_KEY)));
      sections.add(new Report.Section("configuration", source(config), checks));
    }
    if (server != null) {
      Settings running = ServerSettings.fetch(server, apiKey);
      List<Check> checks = new ArrayList<>(ConfigAudit.settings(running, level, clock.instant()));
      checks.add(ConfigAudit.drift(here, running));
      sections.add(new Report.Section("server", server, checks));
    }
    Report report = new Report(level, sections);
    if (format.equals("json")) {
      ReportJson.write(spec.commandLine().getOut(), report);
    } else {
      ReportText.write(spec.commandLine().getOut(), report);
    }
    return report.exitCode();
  }

  private String source(VigilConfig config) {
    Path file = spec.findOption("--config").getValue();
    return (file == null ? "no file" : "file " + file)
        + ", environment and flags; data "
        + config.data();
  }

  private CommandLine.ParameterException usage(String message) {
    return new CommandLine.ParameterException(spec.commandLine(), message);
  }

  @Command(
      name = "verify-log",
      mixinStandardHelpOptions = true,
      description =
          "Recompute the hash chain of every event (from the anchor left by pruning, if any); exit 1"
              + " and name the first broken event if any.")
  static final class VerifyLog implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      try (DataDirectory data = DataDirectory.open(ConfigOptions.load(spec), Clock.systemUTC())) {
        EventChain.Check check = data.events().verifyChain();
        if (check.intact()) {
          spec.commandLine()
              .getOut()
              .printf("intact: %d events, every link matches%n", check.events());
          check
              .anchor()
              .ifPresent(
                  a ->
                      spec.commandLine()
                          .getOut()
                          .printf(
                              "%d older events were pruned (the last at %s); the chain starts"
                                  + " after event #%d%n",
                              a.pruned(), a.through(), a.seq()));
          return 0;
        }
        spec.commandLine()
            .getOut()
            .printf(
                "BROKEN at event %s (checked %d events): it, or the event before it,"
                    + " was edited, deleted or moved%n",
                check.firstBroken().map(Object::toString).orElse("?"), check.events());
        return 1;
      }
    }
  }
}
