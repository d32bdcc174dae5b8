package dev.vigil.server.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;

/**
 * A bench run's results as a table or as one JSON document: each scenario's rate, latency
 * percentiles, errors, and its rate as a ratio of the baseline's ({@code /health/live} on Vigil)
 * measured in the same run; and the at-scale measurement when it ran.
 *
 * @param peer {@code vigil} or {@code keycloak}
 */
public record BenchReport(
    String target,
    String peer,
    int connections,
    double warmupSeconds,
    List<Result> results,
    Optional<AtScale> atScale) {
  public BenchReport {
    results = List.copyOf(results);
  }

  /** The baseline's rate: the mean of the {@code /health/live} runs, if any was measured. */
  Optional<Double> baseline() {
    var rates =
        results.stream()
            .filter(r -> r.scenario() == Scenario.LIVE && r.stopped().isEmpty())
            .mapToDouble(Result::rate)
            .filter(r -> r > 0)
            .summaryStatistics();
    return rates.getCount() == 0 ? Optional.empty() : Optional.of(rates.getAverage());
  }

  /** Whether no request failed (the control's included) and no run stopped early. */
  public boolean clean() {
    return results.stream()
            .allMatch(
                r ->
                    r.errorCount() == 0
                        && r.stopped().isEmpty()
                        && r.control().map(c -> c.errorCount() == 0).orElse(true))
        && atScale.map(a -> a.problems().isEmpty()).orElse(true);
  }

  /** Writes the report as a table. */
  public void text(PrintWriter out) {
    out.printf(
        "vigil bench against %s (%s): %d connections, %.0f s warm-up per scenario%n",
        target, peer, connections, warmupSeconds);
    out.printf(
        "%-8s %10s %8s %11s %9s %9s %9s %9s %7s%n",
        "scenario",
        "requests",
        "errors",
        "per second",
        "p50 ms",
        "p90 ms",
        "p99 ms",
        "max ms",
        "x live");
    for (Result r : results) {
      out.printf(
          "%-8s %,10d %,8d %,11.0f %9.2f %9.2f %9.2f %9.1f %7s%n",
          r.scenario().wire(),
          r.requests(),
          r.errorCount(),
          r.rate(),
          r.p50(),
          r.p90(),
          r.p99(),
          r.max(),
          baseline().map(b -> String.format("%.2f", r.rate() / b)).orElse("-"));
      r.errors().forEach((k, v) -> out.printf("         %,d x %s%n", v, k));
      r.stopped().ifPresent(s -> out.printf("         stopped early: %s%n", s));
      for (Result.Part p : r.parts()) {
        out.printf(
            "  %-6s %,10d %8s %11s %9.2f %9s %9.2f %9.1f%n",
            p.name(), p.requests(), "", "", p.p50(), "", p.p99(), p.max());
      }
      r.control()
          .ifPresent(
              c ->
                  out.printf(
                      "  control %,10d %,8d %,11.0f %9.2f %9.2f %9.2f %9.1f  (/health/live beside"
                          + " it)%n",
                      c.requests(), c.errorCount(), c.rate(), c.p50(), c.p90(), c.p99(), c.max()));
    }
    atScale.ifPresent(
        a -> {
          out.printf(
              "sessions: %,d of %,d created in %.1f s; listed %,d in %.3f s; ended %,d in %.3f s;"
                  + " a token of one %s afterwards%n",
              a.created(),
              a.sessions(),
              a.createSeconds(),
              a.listed(),
              a.listSeconds(),
              a.ended(),
              a.endSeconds(),
              a.refusedAfter() ? "refused" : "NOT refused");
          a.problems().forEach(p -> out.printf("         %s%n", p));
        });
  }

  /** Writes the report as one JSON document. */
  public void json(PrintWriter out) {
    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode doc = json.createObjectNode();
    doc.put("target", target);
    doc.put("peer", peer);
    doc.put("connections", connections);
    doc.put("warmup_seconds", warmupSeconds);
    var list = doc.putArray("results");
    for (Result r : results) {
      ObjectNode one = list.addObject();
      one.put("scenario", r.scenario().wire());
      one.put("what", r.what());
      figures(one, r);
      ObjectNode kinds = one.putObject("error_kinds");
      r.errors().forEach(kinds::put);
      baseline().ifPresent(b -> one.put("ratio_to_live", r.rate() / b));
      r.stopped().ifPresent(s -> one.put("stopped", s));
      r.control()
          .ifPresent(
              c -> {
                ObjectNode o = one.putObject("control");
                o.put("what", c.what());
                o.put("connections", c.connections());
                figures(o, c);
              });
      if (!r.parts().isEmpty()) {
        var parts = one.putArray("parts");
        for (Result.Part p : r.parts()) {
          ObjectNode o = parts.addObject();
          o.put("part", p.name());
          o.put("requests", p.requests());
          o.put("p50_ms", p.p50());
          o.put("p99_ms", p.p99());
          o.put("max_ms", p.max());
        }
      }
      var slow = one.putArray("slow_seconds");
      for (Result.SlowSecond second : r.slowSeconds()) {
        ObjectNode o = slow.addObject();
        o.put("at", second.at().toString());
        o.put("over_" + Result.SLOW_MS + "_ms", second.slow());
        o.put("max_ms", second.maxMs());
      }
    }
    atScale.ifPresent(
        a -> {
          ObjectNode one = doc.putObject("sessions");
          one.put("sessions", a.sessions());
          one.put("created", a.created());
          one.put("create_seconds", a.createSeconds());
          one.put("listed", a.listed());
          one.put("list_seconds", a.listSeconds());
          one.put("ended", a.ended());
          one.put("end_seconds", a.endSeconds());
          one.put("refused_after", a.refusedAfter());
          a.problems().forEach(one.putArray("problems")::add);
        });
    out.println(doc.toPrettyString());
  }

  /** What a result and its control both report: requests, errors, rate and latency. */
  private static void figures(ObjectNode o, Result r) {
    o.put("requests", r.requests());
    o.put("errors", r.errorCount());
    o.put("seconds", r.seconds());
    o.put("per_second", r.rate());
    o.put("p50_ms", r.p50());
    o.put("p90_ms", r.p90());
    o.put("p99_ms", r.p99());
    o.put("max_ms", r.max());
  }
}
