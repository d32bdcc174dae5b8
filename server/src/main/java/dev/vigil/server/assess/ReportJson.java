package dev.vigil.server.assess;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.Writer;
import java.util.Locale;
import java.util.Optional;

/**
 * {@link Report} for scripts: one JSON object, {@code {"aal":"AAL2","summary":{"pass":..,"warn":..,
 * "fail":..,"exit_code":..},"sections":[{"name":..,"source":..,"checks":[{"status":"PASS","id":..,
 * "title":..,"asvs":..,"nist":..,"finding":..,"fix":..}]}]}}; {@code asvs}, {@code nist} and {@code
 * fix} are null when absent.
 */
public final class ReportJson {
  private static final JsonFactory JSON = new JsonFactory();

  private ReportJson() {}

  /** Writes {@code report} to {@code out} and a newline after it. */
  public static void write(Writer out, Report report) throws IOException {
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
      g.useDefaultPrettyPrinter();
      g.writeStartObject();
      g.writeStringField("aal", report.aal().name());
      g.writeObjectFieldStart("summary");
      for (Status s : Status.values()) {
        g.writeNumberField(s.name().toLowerCase(Locale.ROOT), report.count(s));
      }
      g.writeNumberField("exit_code", report.exitCode());
      g.writeEndObject();
      g.writeArrayFieldStart("sections");
      for (Report.Section s : report.sections()) {
        g.writeStartObject();
        g.writeStringField("name", s.name());
        g.writeStringField("source", s.source());
        g.writeArrayFieldStart("checks");
        for (Check c : s.checks()) {
          check(g, c);
        }
        g.writeEndArray();
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    }
    out.write(System.lineSeparator());
    out.flush();
  }

  private static void check(JsonGenerator g, Check c) throws IOException {
    g.writeStartObject();
    g.writeStringField("status", c.status().name());
    g.writeStringField("id", c.id());
    g.writeStringField("title", c.title());
    optional(g, "asvs", c.asvs());
    optional(g, "nist", c.nist());
    g.writeStringField("finding", c.finding());
    optional(g, "fix", c.fix());
    g.writeEndObject();
  }

  private static void optional(JsonGenerator g, String name, Optional<String> value)
      throws IOException {
    if (value.isPresent()) {
      g.writeStringField(name, value.get());
    } else {
      g.writeNullField(name);
    }
  }
}
