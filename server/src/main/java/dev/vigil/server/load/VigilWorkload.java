package dev.vigil.server.load;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Vigil's workload: the sessions and the account a run works with, all under subjects named {@code
 * vigil-bench-<random>-<n>}, and their removal afterwards ({@link #close}): every session of those
 * subjects is revoked and the sign-in account deleted. One {@link Step} per connection.
 */
final class VigilWorkload implements Workload {
  private static final String PASSWORD = "bench password kettle violet 81";
  private static final int EXTRAS = 8;

  private final Target target;
  private final String prefix;
  private final List<String> subjects = new ArrayList<>();
  private final List<String> users = new ArrayList<>();

  VigilWorkload(Target target) {
    this.target = target;
    byte[] r = new byte[4];
    new SecureRandom().nextBytes(r);
    this.prefix = "vigil-bench-" + HexFormat.of().formatHex(r) + "-";
  }

  @Override
  public Set<Scenario> scenarios() {
    return EnumSet.allOf(Scenario.class);
  }

  @Override
  public String what(Scenario scenario) {
    return scenario.what;
  }

  @Override
  public List<Step> steps(Scenario scenario, int connections)
      throws IOException, InterruptedException {
    if (scenario == Scenario.SIGNIN) {
      // an account per connection, as many people signing in: attempts on one account in flight
      // at once count as its failures until they succeed, and its throttle would slow them
      for (int i = 0; i < connections; i++) {
        Target.Answer made =
            target.post(
                "/v1/users", Map.of("username", prefix + "user-" + i, "password", PASSWORD));
        if (!made.ok()) {
          throw new IOException(
              "could not create the sign-in accounts (status "
                  + made.status()
                  + "): the API key needs scope accounts");
        }
        users.add(made.json().path("id").asText());
        subjects.add(made.json().path("id").asText());
      }
    }
    List<Step> steps = new ArrayList<>();
    for (int i = 0; i < connections; i++) {
      String subject = prefix + i;
      String username = prefix + "user-" + i;
      subjects.add(subject);
      steps.add(
          switch (scenario) {
            case LIVE -> () -> expect(target.get("/health/live"), 200);
            case CREATE -> () -> expect(create(subject), 201);
            case VERIFY -> new Verifying(create(subject).json().path("token").asText());
            case ROTATE -> new Rotating(create(subject).json().path("token").asText());
            case SIGNIN ->
                () ->
                    expect(
                        target.post(
                            "/v1/auth/login", Map.of("username", username, "password", PASSWORD)),
                        200);
            case MIX -> new Mixed(subject);
            case SESSIONS -> throw new IllegalArgumentException("sessions is not a rate");
          });
    }
    return steps;
  }

  private Target.Answer create(String subject) throws IOException, InterruptedException {
    return target.post("/v1/sessions", Map.of("subject", subject));
  }

  private static Optional<String> expect(Target.Answer a, int status) {
    return a.status() == status ? Optional.empty() : Optional.of("status " + a.status());
  }

  /** Verifies one token, taking the successor when the answer carries one. */
  private final class Verifying implements Step {
    private String token;

    Verifying(String token) {
      this.token = token;
    }

    @Override
    public Optional<String> run() throws IOException, InterruptedException {
      Target.Answer a = target.post("/v1/sessions/verify", Map.of("token", token));
      if (a.status() != 200) {
        return Optional.of("status " + a.status());
      }
      if (!a.json().path("valid").asBoolean()) {
        return Optional.of("refused " + a.json().path("reason").asText());
      }
      JsonNode renewed = a.json().path("renewed_token");
      if (renewed.isTextual()) {
        token = renewed.asText();
      }
      return Optional.empty();
    }
  }

  /** Rotates one chain: each answer's token is the next one presented. */
  private final class Rotating implements Step {
    private String token;

    Rotating(String token) {
      this.token = token;
    }

    @Override
    public Optional<String> run() throws IOException, InterruptedException {
      Target.Answer a = target.post("/v1/sessions/rotate", Map.of("token", token));
      if (a.status() != 200) {
        return Optional.of("status " + a.status());
      }
      token = a.json().path("token").asText();
      return Optional.empty();
    }
  }

  /** The mix: a verified session, and extra sessions created to be revoked. */
  private final class Mixed implements OfParts {
    private final String subject;
    private final Verifying verifying;
    private final Deque<String> extras = new ArrayDeque<>();
    private String rotated;
    private String part = "";

    /**
     * The verified, the rotated and the created sessions each have a subject of their own, so that
     * the creates never push the other two out under {@code max_sessions_per_subject}.
     */
    Mixed(String subject) throws IOException, InterruptedException {
      this.subject = subject + "-created";
      subjects.add(this.subject);
      subjects.add(subject + "-rotated");
      this.verifying = new Verifying(create(subject).json().path("token").asText());
      this.rotated = create(subject + "-rotated").json().path("token").asText();
      for (int i = 0; i < EXTRAS; i++) {
        extras.add(create(this.subject).json().path("token").asText());
      }
    }

    @Override
    public Optional<String> run() throws IOException, InterruptedException {
      int r = ThreadLocalRandom.current().nextInt(100);
      part = r < 95 ? "verify" : r < 98 ? "create" : r < 99 ? "rotate" : "revoke";
      if (r < 95) {
        return verifying.run();
      }
      if (r < 98) {
        Target.Answer a = create(subject);
        if (a.status() == 201) {
          extras.addLast(a.json().path("token").asText());
        }
        return expect(a, 201);
      }
      if (r < 99) {
        Target.Answer a = target.post("/v1/sessions/rotate", Map.of("token", rotated));
        if (a.status() != 200) {
          return Optional.of("status " + a.status());
        }
        rotated = a.json().path("token").asText();
        return Optional.empty();
      }
      String victim =
          extras.isEmpty() ? create(subject).json().path("token").asText() : extras.poll();
      return expect(target.post("/v1/sessions/revoke", Map.of("token", victim)), 204);
    }

    @Override
    public String part() {
      return part;
    }
  }

  /**
   * Creates {@code sessions} sessions of one subject, lists them ({@code GET
   * /v1/subjects/{subject}/sessions}), ends them ({@code POST .../sessions/revoke}) and verifies
   * one of their tokens after. The server must keep that many per subject ({@code
   * max_sessions_per_subject}).
   */
  @Override
  public AtScale atScale(int sessions, int connections) throws IOException, InterruptedException {
    String subject = prefix + "many";
    subjects.add(subject);
    String path =
        "/v1/subjects/" + URLEncoder.encode(subject, StandardCharsets.UTF_8) + "/sessions";
    List<String> problems = new ArrayList<>();
    AtScale.Made made =
        AtScale.make(
            sessions,
            connections,
            () -> {
              Target.Answer a = create(subject);
              return a.status() == 201
                  ? Optional.of(a.json().path("token").asText())
                  : Optional.empty();
            });
    if (made.count() < sessions) {
      problems.add((sessions - made.count()) + " of " + sessions + " sessions were not created");
    }
    long t0 = System.nanoTime();
    Target.Answer list = target.get(path, authorization(), Target.LONG_TIMEOUT);
    double listSeconds = AtScale.since(t0);
    int listed = list.ok() ? list.json().path("sessions").size() : 0;
    if (!list.ok()) {
      problems.add("the list answered " + list.status());
    } else if (listed < made.count()) {
      problems.add(
          "listed "
              + listed
              + " of "
              + made.count()
              + ": raise max_sessions_per_subject to at least "
              + sessions);
    }
    t0 = System.nanoTime();
    Target.Answer end =
        target.post(path + "/revoke", Map.of(), authorization(), Target.LONG_TIMEOUT);
    double endSeconds = AtScale.since(t0);
    long ended = end.ok() ? end.json().path("revoked").asLong() : 0;
    if (!end.ok()) {
      problems.add("ending them answered " + end.status());
    }
    return AtScale.finish(
        sessions,
        made,
        listed,
        listSeconds,
        ended,
        endSeconds,
        () -> target.post("/v1/sessions/verify", Map.of("token", made.anyToken())),
        after -> !after.json().path("valid").asBoolean(true),
        problems);
  }

  private String authorization() {
    return target.authorization();
  }

  /** Revokes every session of the run's subjects and deletes the sign-in account. */
  @Override
  public void close() throws IOException, InterruptedException {
    for (String s : subjects) {
      target.cleanUp(
          "/v1/subjects/" + URLEncoder.encode(s, StandardCharsets.UTF_8) + "/sessions/revoke",
          Map.of());
    }
    for (String u : users) {
      target.cleanUpDelete("/v1/users/" + u);
    }
  }
}
