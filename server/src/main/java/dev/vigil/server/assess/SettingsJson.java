package dev.vigil.server.assess;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.access.Scope;
import dev.vigil.server.anomaly.RuleMode;
import dev.vigil.server.notify.Smtp;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * {@link Settings} as JSON: written by {@code GET /v1/admin/config} and read back by {@code vigil
 * audit --server}, so both sides share one shape. Durations are ISO-8601, times RFC 3339 in UTC,
 * modes and scopes in the configuration's spelling. Reading is strict: a missing or mistyped member
 * is an {@link IllegalArgumentException} naming it.
 */
public final class SettingsJson {
  private SettingsJson() {}

  /** Writes {@code s} as one JSON object. */
  public static void write(JsonGenerator g, Settings s) throws IOException {
    g.writeStartObject();
    Settings.Sessions ses = s.sessions();
    g.writeObjectFieldStart("sessions");
    g.writeNumberField("token_entropy_bits", ses.tokenEntropyBits());
    g.writeStringField("idle_timeout", Durations.text(ses.idleTimeout()));
    g.writeStringField("absolute_timeout", Durations.text(ses.absoluteTimeout()));
    g.writeStringField("max_idle_timeout", Durations.text(ses.maxIdleTimeout()));
    g.writeStringField("max_absolute_timeout", Durations.text(ses.maxAbsoluteTimeout()));
    g.writeStringField("rotate_after", Durations.text(ses.rotateAfter()));
    g.writeStringField("rotation_grace", Durations.text(ses.rotationGrace()));
    g.writeStringField("key_overlap", Durations.text(ses.keyOverlap()));
    g.writeEndObject();
    g.writeObjectFieldStart("transport");
    g.writeStringField("host", s.transport().host());
    g.writeStringField("tls", s.transport().tls().wire());
    g.writeBooleanField("dev_insecure_cookies", s.transport().devInsecureCookies());
    g.writeStringField("header_timeout", s.transport().headerTimeout().toString());
    g.writeEndObject();
    g.writeObjectFieldStart("passwords");
    g.writeNumberField("min_length", s.passwords().minLength());
    g.writeNumberField("min_length_totp", s.passwords().minLengthWithTotp());
    g.writeNumberField("context_words", s.passwords().contextWords());
    g.writeEndObject();
    Settings.Defences d = s.defences();
    g.writeObjectFieldStart("defences");
    g.writeNumberField("guessing_limit", d.guessingLimit());
    g.writeNumberField("login_address_limit", d.loginAddressLimit());
    g.writeStringField("anomaly_guessing", d.guessing().wire());
    g.writeStringField("anomaly_theft", d.theft().wire());
    g.writeStringField("anomaly_stuffing", d.stuffing().wire());
    g.writeStringField("anomaly_spike", d.spike().wire());
    g.writeStringField("anomaly_new_device", d.newDevice().wire());
    g.writeEndObject();
    g.writeObjectFieldStart("notices");
    g.writeBooleanField("mail", s.notices().mail());
    g.writeStringField("smtp_starttls", s.notices().starttls().name().toLowerCase(Locale.ROOT));
    g.writeBooleanField("alert_email", s.notices().operatorAlerts());
    g.writeEndObject();
    g.writeStringField("audit_retention", Durations.text(s.auditRetention()));
    g.writeArrayFieldStart("signing_keys");
    for (Settings.SigningKeyInfo k : s.signingKeys()) {
      g.writeStartObject();
      g.writeStringField("id", k.id());
      g.writeStringField("created_at", k.createdAt().toString());
      if (k.retiredAt().isPresent()) {
        g.writeStringField("retired_at", k.retiredAt().get().toString());
      }
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeArrayFieldStart("api_keys");
    for (Settings.ApiKeyInfo k : s.apiKeys()) {
      g.writeStartObject();
      g.writeStringField("id", k.id());
      g.writeStringField("name", k.name());
      g.writeArrayFieldStart("scopes");
      for (Scope scope : EnumSet.copyOf(k.scopes())) {
        g.writeString(scope.wire());
      }
      g.writeEndArray();
      g.writeStringField("created_at", k.createdAt().toString());
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeBooleanField("bootstrap_api_key", s.bootstrapApiKey());
    g.writeEndObject();
  }

  /**
   * Reads what {@link #write} wrote.
   *
   * @throws IllegalArgumentException naming the first member that is missing or malformed
   */
  public static Settings read(JsonNode root) {
    JsonNode ses = object(root, "sessions");
    JsonNode tr = object(root, "transport");
    JsonNode pw = object(root, "passwords");
    JsonNode d = object(root, "defences");
    JsonNode n = object(root, "notices");
    return new Settings(
        new Settings.Sessions(
            integer(ses, "sessions.token_entropy_bits"),
            duration(ses, "sessions.idle_timeout"),
            duration(ses, "sessions.absolute_timeout"),
            duration(ses, "sessions.max_idle_timeout"),
            duration(ses, "sessions.max_absolute_timeout"),
            duration(ses, "sessions.rotate_after"),
            duration(ses, "sessions.rotation_grace"),
            duration(ses, "sessions.key_overlap")),
        new Settings.Transport(
            text(tr, "transport.host"),
            choice(tr, "transport.tls", Settings.Tls.class),
            bool(tr, "transport.dev_insecure_cookies"),
            duration(tr, "transport.header_timeout")),
        new Settings.Passwords(
            integer(pw, "passwords.min_length"),
            integer(pw, "passwords.min_length_totp"),
            integer(pw, "passwords.context_words")),
        new Settings.Defences(
            integer(d, "defences.guessing_limit"),
            integer(d, "defences.login_address_limit"),
            choice(d, "defences.anomaly_guessing", RuleMode.class),
            choice(d, "defences.anomaly_theft", RuleMode.class),
            choice(d, "defences.anomaly_stuffing", RuleMode.class),
            choice(d, "defences.anomaly_spike", RuleMode.class),
            choice(d, "defences.anomaly_new_device", RuleMode.class)),
        new Settings.Notices(
            bool(n, "notices.mail"),
            choice(n, "notices.smtp_starttls", Smtp.StartTls.class),
            bool(n, "notices.alert_email")),
        duration(root, "audit_retention"),
        signingKeys(root),
        apiKeys(root),
        bool(root, "bootstrap_api_key"));
  }

  private static List<Settings.SigningKeyInfo> signingKeys(JsonNode root) {
    List<Settings.SigningKeyInfo> out = new ArrayList<>();
    for (JsonNode k : array(root, "signing_keys")) {
      out.add(
          new Settings.SigningKeyInfo(
              text(k, "signing_keys[].id"),
              instant(k, "signing_keys[].created_at"),
              k.has("retired_at")
                  ? Optional.of(instant(k, "signing_keys[].retired_at"))
                  : Optional.empty()));
    }
    return out;
  }

  private static List<Settings.ApiKeyInfo> apiKeys(JsonNode root) {
    List<Settings.ApiKeyInfo> out = new ArrayList<>();
    for (JsonNode k : array(root, "api_keys")) {
      Set<Scope> scopes = EnumSet.noneOf(Scope.class);
      for (JsonNode s : array(k, "api_keys[].scopes")) {
        scopes.add(
            Scope.ofWire(s.asText())
                .orElseThrow(() -> bad("api_keys[].scopes", "an unknown scope")));
      }
      if (scopes.isEmpty()) {
        throw bad("api_keys[].scopes", "no scope");
      }
      out.add(
          new Settings.ApiKeyInfo(
              text(k, "api_keys[].id"),
              text(k, "api_keys[].name"),
              scopes,
              instant(k, "api_keys[].created_at")));
    }
    return out;
  }

  private static JsonNode member(JsonNode node, String path) {
    JsonNode v = node.path(path.substring(path.lastIndexOf('.') + 1));
    if (v.isMissingNode() || v.isNull()) {
      throw bad(path, "missing");
    }
    return v;
  }

  private static JsonNode object(JsonNode node, String path) {
    JsonNode v = member(node, path);
    if (!v.isObject()) {
      throw bad(path, "not an object");
    }
    return v;
  }

  private static JsonNode array(JsonNode node, String path) {
    JsonNode v = member(node, path);
    if (!v.isArray()) {
      throw bad(path, "not an array");
    }
    return v;
  }

  private static String text(JsonNode node, String path) {
    JsonNode v = member(node, path);
    if (!v.isTextual()) {
      throw bad(path, "not a string");
    }
    return v.asText();
  }

  private static int integer(JsonNode node, String path) {
    JsonNode v = member(node, path);
    if (!v.canConvertToInt() || !v.isIntegralNumber()) {
      throw bad(path, "not a whole number");
    }
    return v.asInt();
  }

  private static boolean bool(JsonNode node, String path) {
    JsonNode v = member(node, path);
    if (!v.isBoolean()) {
      throw bad(path, "not true or false");
    }
    return v.asBoolean();
  }

  private static Duration duration(JsonNode node, String path) {
    String t = text(node, path);
    try {
      return Duration.parse(t);
    } catch (DateTimeParseException e) {
      throw bad(path, "not an ISO-8601 duration");
    }
  }

  private static Instant instant(JsonNode node, String path) {
    String t = text(node, path);
    try {
      return Instant.parse(t);
    } catch (DateTimeParseException e) {
      throw bad(path, "not an RFC 3339 time");
    }
  }

  private static <E extends Enum<E>> E choice(JsonNode node, String path, Class<E> type) {
    String t = text(node, path);
    for (E e : type.getEnumConstants()) {
      if (e.name().toLowerCase(Locale.ROOT).equals(t)) {
        return e;
      }
    }
    throw bad(path, "not one of the known values");
  }

  private static IllegalArgumentException bad(String path, String what) {
    return new IllegalArgumentException(path + ": " + what);
  }
}
