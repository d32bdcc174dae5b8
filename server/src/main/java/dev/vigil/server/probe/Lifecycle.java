package dev.vigil.server.probe;

import java.time.Duration;
import java.util.Map;

/**
 * What happens to the probe's own sessions over their life: an explicit rotation, a reused token
 * after an automatic rotation, logout and the idle timeout. Each check makes its own session.
 */
final class Lifecycle {
  /** The idle timeout of the expiry check's session. */
  static final Duration IDLE = Duration.ofSeconds(2);

  /** The longest the reuse check waits for the target's automatic rotation and grace. */
  static final Duration MAX_WAIT = Duration.ofSeconds(10);

  /** Added to every wait, for the clocks and the network. */
  static final Duration MARGIN = Duration.ofMillis(500);

  private Lifecycle() {}

  /**
   * {@code session.superseded}: after {@code POST /v1/sessions/rotate} the old token answers {@code
   * SUPERSEDED} at once and the new one is valid. 4 requests.
   */
  static final class Superseded implements ProbeCheck {
    private static final Finding.Ref REF =
        Finding.Ref.of(
            "session.superseded",
            "An explicitly rotated token is refused as SUPERSEDED",
            "ASVS 5.0 7.2.4",
            "ASVS 5.0 8.3.2");

    @Override
    public Finding.Ref ref() {
      return REF;
    }

    @Override
    public Finding run(Deployment target) {
      String old = target.newToken();
      Deployment.Answer rotated = target.post("/v1/sessions/rotate", Map.of("token", old));
      String sent =
          "POST /v1/sessions, POST /v1/sessions/rotate, then verify the old and new token";
      if (rotated.status() != 200 || rotated.text("token").isEmpty()) {
        return REF.fail(sent, "rotate answered " + rotated.status() + " without a token");
      }
      Deployment.Verdict before = target.verify(old);
      Deployment.Verdict after = target.verify(rotated.text("token"));
      return REF.judge(
          before.refusedFor("SUPERSEDED") && after.valid(),
          sent,
          "old token: " + before.describe() + "; new token: " + after.describe());
    }
  }

  /**
   * {@code session.reuse}: a token replaced by an automatic rotation and shown again after its
   * successor was used (and the grace is over) answers {@code TOKEN_REUSED}, and the whole session
   * is ended ({@code REVOKED}, cause {@code THEFT_SUSPECTED}). Needs {@code rotate_after} and
   * {@code rotation_grace} from the configuration, and skips when waiting for them would take
   * longer than {@link #MAX_WAIT}. 5 requests.
   */
  static final class Reuse implements ProbeCheck {
    private static final Finding.Ref REF =
        Finding.Ref.of(
            "session.reuse",
            "A reused token after rotation ends the session",
            "RFC 9700 §4.14.2",
            "ASVS 5.0 10.4.5");

    @Override
    public Finding.Ref ref() {
      return REF;
    }

    @Override
    public Finding run(Deployment target) {
      TargetSettings s = target.settings();
      String plan = "POST /v1/sessions, wait rotate_after, verify (renewed), verify the successor,";
      plan += " wait rotation_grace, verify the first token again, then the successor";
      if (s.rotateAfter().isEmpty() || s.rotationGrace().isEmpty()) {
        return REF.skip(
            plan,
            "when the target rotates is unknown ("
                + s.source()
                + "); session.superseded checked"
                + " the explicit rotation");
      }
      Duration rotate = s.rotateAfter().get().plus(MARGIN);
      Duration grace = s.rotationGrace().get().plus(MARGIN);
      if (rotate.plus(grace).compareTo(MAX_WAIT) > 0) {
        return REF.skip(
            plan,
            "rotate_after "
                + s.rotateAfter().get()
                + " and rotation_grace "
                + s.rotationGrace().get()
                + " are longer than the probe waits ("
                + MAX_WAIT
                + "); session.superseded checked the explicit rotation");
      }
      String first = target.newToken();
      Waits.sleep(rotate);
      Deployment.Verdict renewed = target.verify(first);
      if (!renewed.valid() || renewed.renewedToken().isEmpty()) {
        return REF.fail(
            plan,
            "after rotate_after the first token answered "
                + renewed.describe()
                + ", not valid with a renewed token");
      }
      String second = renewed.renewedToken().get();
      Deployment.Verdict used = target.verify(second);
      Waits.sleep(grace);
      Deployment.Verdict reused = target.verify(first);
      Deployment.Verdict after = target.verify(second);
      return REF.judge(
          used.valid()
              && reused.refusedFor("TOKEN_REUSED")
              && after.refusedFor("REVOKED")
              && after.cause().equals("THEFT_SUSPECTED"),
          plan,
          "successor first used: "
              + used.describe()
              + "; first token again: "
              + reused.describe()
              + "; successor afterwards: "
              + after.describe());
    }
  }

  /**
   * {@code session.logout}: after {@code POST /v1/sessions/revoke} the token answers {@code
   * REVOKED} with cause {@code LOGOUT} at once. 3 requests.
   */
  static final class Logout implements ProbeCheck {
    private static final Finding.Ref REF =
        Finding.Ref.of(
            "session.logout",
            "Logout takes effect at once",
            "ASVS 5.0 7.4.1",
            "NIST SP 800-63B-4 §5.1");

    @Override
    public Finding.Ref ref() {
      return REF;
    }

    @Override
    public Finding run(Deployment target) {
      String token = target.newToken();
      Deployment.Answer revoked = target.post("/v1/sessions/revoke", Map.of("token", token));
      Deployment.Verdict after = target.verify(token);
      return REF.judge(
          revoked.status() == 204 && after.refusedFor("REVOKED") && after.cause().equals("LOGOUT"),
          "POST /v1/sessions, POST /v1/sessions/revoke, then verify the token at once",
          "revoke: " + revoked.status() + "; token afterwards: " + after.describe());
    }
  }

  /**
   * {@code session.idle}: a session created with {@code idle_timeout} {@link #IDLE} is valid at
   * once and answers {@code EXPIRED_IDLE} once that time has passed without use (the probe waits
   * {@code IDLE} + 1 s). Skipped when the target refuses so short a timeout. 3 requests.
   */
  static final class IdleExpiry implements ProbeCheck {
    private static final Finding.Ref REF =
        Finding.Ref.of(
            "session.idle",
            "The idle timeout is enforced",
            "ASVS 5.0 7.3.1",
            "NIST SP 800-63B-4 §5.2");

    @Override
    public Finding.Ref ref() {
      return REF;
    }

    @Override
    public Finding run(Deployment target) {
      String sent =
          "POST /v1/sessions with idle_timeout "
              + IDLE
              + ", verify at once, wait "
              + IDLE.plusSeconds(1)
              + ", verify again";
      Deployment.Answer created = target.createSession(Map.of("idle_timeout", IDLE.toString()));
      if (created.status() == 400) {
        return REF.skip(
            sent,
            "the target refuses idle_timeout "
                + IDLE
                + ": "
                + created.json().path("detail").asText());
      }
      String token = created.text("token");
      if (created.status() != 201 || token.isEmpty()) {
        return REF.fail(sent, "POST /v1/sessions answered " + created.status());
      }
      Deployment.Verdict fresh = target.verify(token);
      Waits.sleep(IDLE.plusSeconds(1));
      Deployment.Verdict idle = target.verify(token);
      return REF.judge(
          fresh.valid() && idle.refusedFor("EXPIRED_IDLE"),
          sent,
          "at once: " + fresh.describe() + "; after the wait: " + idle.describe());
    }
  }
}
