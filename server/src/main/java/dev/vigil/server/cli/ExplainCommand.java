package dev.vigil.server.cli;

import dev.vigil.audit.Event;
import dev.vigil.client.IpAddress;
import dev.vigil.id.IncidentId;
import dev.vigil.incident.Incident;
import dev.vigil.incident.IncidentExplainer;
import dev.vigil.server.DataDirectory;
import dev.vigil.server.config.ConfigException;
import dev.vigil.server.useragent.BackgroundUserAgents;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code vigil explain <incident>}: what {@code GET /v1/incidents/{id}} says, for a terminal. */
@Command(
    name = "explain",
    mixinStandardHelpOptions = true,
    description = "Explain an incident: the verdict, its root cause and the session's timeline.")
final class ExplainCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @CommandLine.Parameters(paramLabel = "INCIDENT", description = "an incident id (inc_...)")
  String incident;

  @Override
  public Integer call() {
    IncidentId id =
        IncidentId.parse(incident)
            .orElseThrow(
                () ->
                    new ConfigException(
                        "INCIDENT must be an incident id: 'inc_' and 22 characters"));
    dev.vigil.server.config.VigilConfig config = ConfigOptions.load(spec);
    try (DataDirectory data = DataDirectory.open(config, Clock.systemUTC())) {
      // Only incidents that show a user agent wait for the analyzer to be built (seconds).
      Optional<Incident> found =
          new IncidentExplainer(data.events(), BackgroundUserAgents.of(config.userAgentAnalyzer()))
              .explain(id);
      if (found.isEmpty()) {
        spec.commandLine().getErr().println("vigil: no incident " + id);
        return 1;
      }
      print(found.get(), spec.commandLine().getOut());
    }
    return 0;
  }

  private static void print(Incident i, PrintWriter out) {
    Event e = i.event();
    out.printf("Incident %s at %s%n", e.incident().orElseThrow(), e.time());
    out.printf("Verdict:  %s (action: %s)%n", i.reason(), i.action().wire());
    e.subject().ifPresent(s -> out.printf("Subject:  %s%n", s));
    e.sessionId().ifPresent(s -> out.printf("Session:  %s%n", s));
    if (e.client().ip().isPresent() || e.client().userAgent().isPresent()) {
      out.printf("Client:   %s%n", client(i, e));
    }
    out.printf("Told:     %s%n", i.message());
    out.printf("Cause:    %s%n", i.cause());
    facts(out, "Evidence:", i.withFamilies(e.detail()));
    facts(out, "Findings:", i.withFamilies(i.findings()));
    if (!i.timeline().isEmpty()) {
      out.println("Timeline:");
      for (Event t : i.timeline()) {
        out.printf(
            "  %s  %-22s %-18s %-26s %s%n",
            t.time(),
            t.type().wire(),
            t.reason().orElse(""),
            t.incident().map(x -> x.value()).orElse(""),
            client(i, t));
      }
    }
  }

  private static void facts(PrintWriter out, String title, Map<String, String> facts) {
    if (!facts.isEmpty()) {
      out.println(title);
      facts.forEach((k, v) -> out.printf("  %-26s %s%n", k, v));
    }
  }

  /** "203.0.113.9 (Chrome 131 on Windows)", as much as the event recorded. */
  private static String client(Incident i, Event e) {
    String ip = e.client().ip().map(IpAddress::text).orElse("");
    String family =
        e.client().userAgent().map(ua -> "(" + i.family(ua).describe() + ")").orElse("");
    return (ip + " " + family).strip();
  }
}
