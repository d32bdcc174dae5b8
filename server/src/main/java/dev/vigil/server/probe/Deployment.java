package dev.vigil.server.probe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.server.probe.ProbeHttp.Exchange;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The target's API as the probe calls it: JSON in and out under the operator's API key, through
 * {@link ProbeHttp}. It also remembers what the probe made there (its subject's sessions, its
 * account), for {@link #cleanUp}. Every session the probe creates has the subject {@link
 * #subject()}, {@code vigil-probe-<16 hex digits>}. Not thread-safe.
 */
final class Deployment {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SecureRandom RANDOM = new SecureRandom();

  private final ProbeHttp http;
  private final String apiKey;
  private final String subject;
  private final TargetSettings settings;
  private Optional<ProbeUser> user = Optional.empty();
  private boolean userRefused;

  Deployment(ProbeHttp http, String apiKey, TargetSettings settings) {
    this.http = http;
    this.apiKey = apiKey;
    this.settings = settings;
    this.subject = "vigil-probe-" + random(8);
  }

  /** A JSON answer: the exchange and its body parsed (a missing node when it is not JSON). */
  record Answer(Exchange exchange, JsonNode json) {
    int status() {
      return exchange.status();
    }

    String text(String field) {
      return json.path(field).asText();
    }
  }

  /**
   * A verification's answer.
   *
   * @param status the HTTP status (200 for a verdict)
   * @param valid whether the token was accepted
   * @param reason the refusal's reason, {@code ""} when valid or not a verdict
   * @param renewedToken the successor, when the token was rotated
   * @param cause the revocation's cause for {@code REVOKED}, else {@code ""}
   */
  record Verdict(
      int status, boolean valid, String reason, Optional<String> renewedToken, String cause) {
    /** {@code valid}, {@code REVOKED (LOGOUT)} or {@code HTTP 500}: never the token. */
    String describe() {
      if (status != 200) {
        return "HTTP " + status;
      }
      if (valid) {
        return renewedToken.isPresent() ? "valid, renewed" : "valid";
      }
      return (reason.isEmpty() ? "refused without a reason" : reason)
          + (cause.isEmpty() ? "" : " (" + cause + ")");
    }

    boolean refusedFor(String expected) {
      return status == 200 && !valid && reason.equals(expected);
    }
  }

  /**
   * The probe's own account: made through the API, deleted by {@link #cleanUp}.
   *
   * @param id its {@code usr_} id
   * @param username {@code vigil-probe-<hex>}
   * @param password random, never printed
   */
  record ProbeUser(String id, String username, String password) {
    @Override
    public String toString() {
      return "ProbeUser[" + id + ", " + username + ", password redacted]";
    }
  }

  ProbeHttp http() {
    return http;
  }

  TargetSettings settings() {
    return settings;
  }

  /** The subject of every session the probe creates. */
  String subject() {
    return subject;
  }

  /** The probe's account as {@code username (usr_id)}, when one was made. */
  Optional<String> accountName() {
    return user.map(u -> u.username() + " (" + u.id() + ")");
  }

  /** {@code POST path} with a JSON {@code body} under the API key. */
  Answer post(String path, Map<String, ?> body) {
    try {
      return answer(http.post(path, headers(), JSON.writeValueAsBytes(body)));
    } catch (IOException e) {
      throw new IllegalStateException("a map of strings is always JSON", e);
    }
  }

  /** {@code GET path} under the API key. */
  Answer get(String path) {
    return answer(http.get(path, headers()));
  }

  /** The headers of an API call: the key, JSON in and out. */
  Map<String, String> headers() {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("Authorization", "Bearer " + apiKey);
    h.put("Content-Type", "application/json");
    h.put("Accept", "application/json");
    return h;
  }

  /**
   * A new session of the probe's subject, with {@code extra} members ({@code idle_timeout}); its
   * answer, 201 with {@code token} when created.
   */
  Answer createSession(Map<String, String> extra) {
    Map<String, Object> body = new LinkedHashMap<>(extra);
    body.put("subject", subject);
    return post("/v1/sessions", body);
  }

  /**
   * The token of a new session of the probe's subject.
   *
   * @throws Unexpected when the target does not create it
   */
  String newToken() {
    Answer a = createSession(Map.of());
    String token = a.text("token");
    if (a.status() != 201 || token.isEmpty()) {
      throw new Unexpected(
          "POST /v1/sessions answered " + a.status() + " without a token; cannot go on");
    }
    return token;
  }

  /** The verdict on {@code token}, presented from no particular client. */
  Verdict verify(String token) {
    return verify(token, Optional.empty());
  }

  /** The verdict on {@code token}, presented for the client address {@code ip} when given. */
  Verdict verify(String token, Optional<String> ip) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("token", token);
    ip.ifPresent(a -> body.put("client", Map.of("ip", a)));
    Answer a = post("/v1/sessions/verify", body);
    JsonNode j = a.json();
    Optional<String> renewed =
        j.hasNonNull("renewed_token")
            ? Optional.of(j.get("renewed_token").asText())
            : Optional.empty();
    return new Verdict(
        a.status(),
        a.status() == 200 && j.path("valid").asBoolean(false),
        j.path("reason").asText(""),
        renewed,
        j.path("revocation").path("cause").asText(""));
  }

  /**
   * The probe's account, made on first use ({@code POST /v1/users}), or empty with the reason when
   * the key may not make accounts or the target refuses.
   */
  Account account() {
    if (user.isPresent()) {
      return new Account.Made(user.get());
    }
    if (userRefused) {
      return new Account.Refused("the API key may not create accounts (scope accounts)");
    }
    String username = "vigil-probe-" + random(8);
    String password = "Vp-" + random(16);
    Answer a = post("/v1/users", Map.of("username", username, "password", password));
    if (a.status() == 201 && !a.text("id").isEmpty()) {
      ProbeUser made = new ProbeUser(a.text("id"), username, password);
      user = Optional.of(made);
      return new Account.Made(made);
    }
    userRefused = true;
    if (a.status() == 403) {
      return new Account.Refused("the API key may not create accounts (scope accounts): 403");
    }
    return new Account.Refused("POST /v1/users answered " + a.status());
  }

  /** The probe's account, or why there is none. */
  sealed interface Account {
    record Made(ProbeUser user) implements Account {}

    record Refused(String why) implements Account {}
  }

  /**
   * Ends every live session of the probe's subject and of its account, and deletes the account.
   * Uses the budget's reserve; never throws for a failure of the target (it is the finding).
   */
  Finding cleanUp() {
    Finding.Ref ref = Finding.Ref.of("probe.cleanup", "The probe leaves nothing behind");
    http.releaseReserve();
    StringBuilder sent = new StringBuilder("POST /v1/subjects/" + subject + "/sessions/revoke");
    StringBuilder seen = new StringBuilder();
    boolean ok = revokeAll(subject, seen);
    if (user.isPresent()) {
      ProbeUser u = user.get();
      sent.append("; POST /v1/subjects/")
          .append(u.id())
          .append("/sessions/revoke; DELETE /v1/users/")
          .append(u.id());
      seen.append("; ");
      ok &= revokeAll(u.id(), seen);
      try {
        Exchange e = http.delete("/v1/users/" + u.id(), headers());
        seen.append("; account ").append(u.username()).append(": ").append(e.status());
        ok &= e.status() == 204;
      } catch (RuntimeException e) {
        seen.append("; account ").append(u.username()).append(": ").append(e.getMessage());
        ok = false;
      }
    }
    return ok
        ? ref.pass(sent.toString(), seen.toString())
        : ref.fail(
            sent.toString(), seen + "; end these by hand (sessions of subject " + subject + ")");
  }

  private boolean revokeAll(String who, StringBuilder seen) {
    try {
      Answer a = post("/v1/subjects/" + who + "/sessions/revoke", Map.of());
      seen.append(who).append(": ").append(a.status());
      if (a.status() == 200) {
        seen.append(", ").append(a.json().path("revoked").asInt()).append(" sessions ended");
        return true;
      }
      return false;
    } catch (RuntimeException e) {
      seen.append(who).append(": ").append(e.getMessage());
      return false;
    }
  }

  private static Answer answer(Exchange e) {
    JsonNode json;
    try {
      json = e.body().isEmpty() ? JSON.missingNode() : JSON.readTree(e.body());
    } catch (IOException notJson) {
      json = JSON.missingNode();
    }
    return new Answer(e, json == null ? JSON.missingNode() : json);
  }

  /** {@code bytes} random bytes in lower-case hex. */
  static String random(int bytes) {
    byte[] b = new byte[bytes];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  /** The target answered so that a check cannot go on; the check fails with this message. */
  static final class Unexpected extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Unexpected(String message) {
      super(message);
    }
  }
}
