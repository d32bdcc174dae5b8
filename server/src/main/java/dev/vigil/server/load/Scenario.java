package dev.vigil.server.load;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * What a run sends. {@link #LIVE} is the baseline every other figure is divided by: the same HTTP
 * path through the server with no work behind it.
 */
enum Scenario {
  /** {@code GET /health/live}. */
  LIVE("GET /health/live"),
  /** {@code POST /v1/sessions/verify} of a valid token (each connection its own session). */
  VERIFY("POST /v1/sessions/verify"),
  /** {@code POST /v1/sessions}. */
  CREATE("POST /v1/sessions"),
  /** {@code POST /v1/sessions/rotate}, each connection rotating its own chain. */
  ROTATE("POST /v1/sessions/rotate"),
  /** {@code POST /v1/auth/login} with the right password (a password hash per request). */
  SIGNIN("POST /v1/auth/login"),
  /** 95% verify, 3% create, 1% rotate, 1% revoke. */
  MIX("95% verify, 3% create, 1% rotate, 1% revoke"),
  /**
   * Not a rate: one subject given many sessions, then one call to list them and one to end them
   * all, each timed ({@link AtScale}).
   */
  SESSIONS("GET /v1/subjects/{s}/sessions, then POST /v1/subjects/{s}/sessions/revoke");

  final String what;

  Scenario(String what) {
    this.what = what;
  }

  /** The name on the command line and in reports. */
  String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  static Optional<Scenario> ofWire(String text) {
    return Arrays.stream(values()).filter(s -> s.wire().equals(text)).findFirst();
  }
}
