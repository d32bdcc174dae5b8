package dev.vigil.server.assess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.access.Scope;
import dev.vigil.server.config.ConfigKey;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What the endpoint writes, the audit reads back unchanged; a broken answer names the member. */
class SettingsJsonTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void read_ofWrite_isTheSameSettings() throws Exception {
    Settings base =
        ConfigAuditTest.settings(
            Map.of(
                ConfigKey.IDLE_TIMEOUT,
                "PT20M",
                ConfigKey.ANOMALY_SPIKE,
                "report_only",
                ConfigKey.SMTP_HOST,
                "smtp.example.com",
                ConfigKey.SMTP_STARTTLS,
                "optional"));
    Settings s =
        new Settings(
            base.sessions(),
            base.transport(),
            base.passwords(),
            base.defences(),
            base.notices(),
            base.auditRetention(),
            List.of(
                new Settings.SigningKeyInfo(
                    "old1",
                    Instant.parse("2026-01-01T00:00:00Z"),
                    Optional.of(Instant.parse("2026-02-01T00:00:00Z"))),
                new Settings.SigningKeyInfo(
                    "new1", Instant.parse("2026-02-01T00:00:00Z"), Optional.empty())),
            List.of(
                new Settings.ApiKeyInfo(
                    "key_a",
                    "ops",
                    Set.of(Scope.AUDIT, Scope.SESSIONS),
                    Instant.parse("2026-03-01T00:00:00Z"))),
            true);

    assertThat(SettingsJson.read(JSON.readTree(write(s)))).isEqualTo(s);
  }

  @Test
  void read_missingOrMistypedMember_namesIt() throws Exception {
    ObjectNode json = (ObjectNode) JSON.readTree(write(ConfigAuditTest.settings(Map.of())));
    ((ObjectNode) json.get("sessions")).remove("idle_timeout");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> SettingsJson.read(json))
        .withMessage("sessions.idle_timeout: missing");

    JsonNode typed = JSON.readTree(write(ConfigAuditTest.settings(Map.of())));
    ((ObjectNode) typed.get("defences")).put("anomaly_theft", "sometimes");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> SettingsJson.read(typed))
        .withMessage("defences.anomaly_theft: not one of the known values");
  }

  private static String write(Settings s) throws Exception {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = JSON.getFactory().createGenerator(out)) {
      SettingsJson.write(g, s);
    }
    return out.toString();
  }
}
