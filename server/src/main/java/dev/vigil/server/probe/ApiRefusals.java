package dev.vigil.server.probe;

import dev.vigil.server.probe.ProbeHttp.Exchange;
import java.util.Map;

/**
 * {@code api.www_authenticate}: a call without an API key answers 401 with {@code WWW-Authenticate:
 * Bearer}, and one with a made-up key 401 with {@code Bearer error="invalid_token"}, both as {@code
 * application/problem+json}. 2 requests.
 */
final class ApiRefusals implements ProbeCheck {
  private static final Finding.Ref REF =
      Finding.Ref.of(
          "api.www_authenticate",
          "Refused API calls carry WWW-Authenticate",
          "RFC 6750 §3",
          "ASVS 5.0 16.5.1");

  @Override
  public Finding.Ref ref() {
    return REF;
  }

  @Override
  public Finding run(Deployment target) {
    String body = "{\"token\":\"vs1.x\"}";
    Exchange none =
        target.http().post("/v1/sessions/verify", Map.of("Content-Type", "application/json"), body);
    Exchange wrong =
        target
            .http()
            .post(
                "/v1/sessions/verify",
                Map.of(
                    "Content-Type",
                    "application/json",
                    "Authorization",
                    "Bearer vigil-probe-not-a-key-" + Deployment.random(16)),
                body);
    boolean ok =
        none.status() == 401
            && none.header("WWW-Authenticate").orElse("").startsWith("Bearer")
            && wrong.status() == 401
            && wrong.header("WWW-Authenticate").orElse("").contains("error=\"invalid_token\"")
            && problem(none)
            && problem(wrong);
    return REF.judge(
        ok,
        "POST /v1/sessions/verify without Authorization, then with a made-up key",
        describe("no key", none) + "; " + describe("made-up key", wrong));
  }

  private static boolean problem(Exchange e) {
    return e.header("Content-Type").orElse("").startsWith("application/problem+json");
  }

  private static String describe(String what, Exchange e) {
    return what
        + ": "
        + e.status()
        + ", WWW-Authenticate "
        + e.header("WWW-Authenticate").map(v -> "'" + v + "'").orElse("absent")
        + ", "
        + e.header("Content-Type").orElse("no Content-Type");
  }
}
