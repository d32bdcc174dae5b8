package dev.vigil.server.probe;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.Writer;
import java.util.Locale;

/**
 * {@link ProbeReport} for scripts: one JSON object, {@code {"target":..,"max_requests":..,
 * "requests":..,"subject":..,"account":..|null,"settings":..,"stopped":..|null,"summary":{"pass":..,
 * "warn":..,"skip":..,"fail":..,"exit_code":..},"checks":[{"status":"PASS","id":..,"title":..,
 * "references":[..],"sent":..,"seen":..}]}}.
 */
public final class ProbeJson {
  private static final JsonFactory JSON = new JsonFactory();

  private ProbeJson() {}

  /** Writes {@code report} to {@code out} and a newline after it. */
  public static void write(Writer out, ProbeReport report) throws IOException {
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
      g.useDefaultPrettyPrinter();
      g.writeStartObject();
      g.writeStringField("target", report.target());
      g.writeNumberField("max_requests", report.budget());
      g.writeNumberField("requests", report.requests());
      g.writeStringField("subject", report.subject());
      g.writeStringField("account", report.account().orElse(null));
      g.writeStringField("settings", report.settings());
      g.writeStringField("stopped", report.stopped().orElse(null));
      g.writeObjectFieldStart("summary");
      for (Outcome o : Outcome.values()) {
        g.writeNumberField(o.name().toLowerCase(Locale.ROOT), report.count(o));
      }
      g.writeNumberField("exit_code", report.exitCode());
      g.writeEndObject();
      g.writeArrayFieldStart("checks");
      for (Finding f : report.findings()) {
        g.writeStartObject();
        g.writeStringField("status", f.outcome().name());
        g.writeStringField("id", f.id());
        g.writeStringField("title", f.title());
        g.writeArrayFieldStart("references");
        for (String r : f.references()) {
          g.writeString(r);
        }
        g.writeEndArray();
        g.writeStringField("sent", f.sent());
        g.writeStringField("seen", f.seen());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    }
    out.write(System.lineSeparator());
    out.flush();
  }
}
