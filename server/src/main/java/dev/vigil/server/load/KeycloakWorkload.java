package dev.vigil.server.load;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keycloak's closest operations to Vigil's, for the peer comparison (OpenID Connect on one realm,
 * one confidential client with direct access grants, one user): token introspection (RFC 7662) for
 * verify, the refresh grant (RFC 6749 §6) for rotate, the resource owner password grant for
 * sign-in, the admin API's per-user session list and logout for {@link Scenario#SESSIONS}, and
 * {@code GET /realms/{realm}} (the realm's public description, no work behind it) as the baseline.
 * Every session it makes is logged out at the end (the OIDC logout endpoint with its refresh
 * token).
 */
final class KeycloakWorkload implements Workload {
  private final Target target;
  private final Bench.Peer.Keycloak realm;
  private final String clientAuthorization;
  private final String oidc;
  private final Set<String> toLogOut = ConcurrentHashMap.newKeySet();

  KeycloakWorkload(Target target, Bench.Peer.Keycloak realm) {
    this.target = target;
    this.realm = realm;
    this.clientAuthorization =
        "Basic "
            + Base64.getEncoder()
                .encodeToString(
                    (encode(realm.clientId()) + ":" + encode(realm.clientSecret()))
                        .getBytes(StandardCharsets.UTF_8));
    this.oidc = "/realms/" + encode(realm.realm()) + "/protocol/openid-connect";
  }

  @Override
  public Set<Scenario> scenarios() {
    return EnumSet.of(
        Scenario.LIVE, Scenario.VERIFY, Scenario.ROTATE, Scenario.SIGNIN, Scenario.SESSIONS);
  }

  @Override
  public String what(Scenario scenario) {
    return switch (scenario) {
      case LIVE -> "GET /realms/{realm}";
      case VERIFY -> "POST " + oidc + "/token/introspect";
      case ROTATE -> "POST " + oidc + "/token (refresh_token grant)";
      case SIGNIN -> "POST " + oidc + "/token (password grant)";
      case SESSIONS ->
          "GET /admin/realms/{realm}/users/{id}/sessions, then POST .../users/{id}/logout";
      default -> throw new IllegalArgumentException(scenario.wire() + " has no Keycloak peer");
    };
  }

  /**
   * Checks that the realm answers and that the user can sign in with the client.
   *
   * @return why the comparison cannot run, empty when it can
   */
  Optional<String> check() throws IOException, InterruptedException {
    Target.Answer r = target.get("/realms/" + encode(realm.realm()));
    if (r.status() != 200) {
      return Optional.of(
          target.base() + "/realms/" + realm.realm() + " answered " + r.status() + ": no realm?");
    }
    Target.Answer signIn = passwordGrant();
    if (signIn.status() != 200) {
      return Optional.of(
          "the password grant answered "
              + signIn.status()
              + " "
              + (signIn.json() == null ? "" : signIn.json().path("error").asText())
              + ": check the client, its secret, direct access grants and the user");
    }
    toLogOut.add(signIn.json().path("refresh_token").asText());
    return Optional.empty();
  }

  @Override
  public List<Step> steps(Scenario scenario, int connections)
      throws IOException, InterruptedException {
    List<Step> steps = new ArrayList<>();
    for (int i = 0; i < connections; i++) {
      steps.add(
          switch (scenario) {
            case LIVE -> () -> expect(target.get("/realms/" + encode(realm.realm())), 200);
            case VERIFY -> new Introspecting(signIn().path("access_token").asText());
            case ROTATE -> new Refreshing(signIn().path("refresh_token").asText());
            case SIGNIN ->
                () -> {
                  Target.Answer a = passwordGrant();
                  if (a.status() == 200) {
                    toLogOut.add(a.json().path("refresh_token").asText());
                  }
                  return expect(a, 200);
                };
            default ->
                throw new IllegalArgumentException(scenario.wire() + " has no Keycloak peer");
          });
    }
    return steps;
  }

  private Target.Answer passwordGrant() throws IOException {
    return target.form(
        oidc + "/token",
        Map.of(
            "grant_type", "password",
            "username", realm.username(),
            "password", realm.password()),
        clientAuthorization);
  }

  private com.fasterxml.jackson.databind.JsonNode signIn() throws IOException {
    Target.Answer a = passwordGrant();
    if (a.status() != 200) {
      throw new IOException("the password grant answered " + a.status());
    }
    toLogOut.add(a.json().path("refresh_token").asText());
    return a.json();
  }

  private static Optional<String> expect(Target.Answer a, int status) {
    return a.status() == status ? Optional.empty() : Optional.of("status " + a.status());
  }

  /** Introspects one access token; an inactive answer is an error. */
  private final class Introspecting implements Step {
    private final String token;

    Introspecting(String token) {
      this.token = token;
    }

    @Override
    public Optional<String> run() throws IOException {
      Target.Answer a =
          target.form(oidc + "/token/introspect", Map.of("token", token), clientAuthorization);
      if (a.status() != 200) {
        return Optional.of("status " + a.status());
      }
      return a.json().path("active").asBoolean() ? Optional.empty() : Optional.of("inactive");
    }
  }

  /** Refreshes one session's chain: each answer's refresh token is the next one presented. */
  private final class Refreshing implements Step {
    private String token;

    Refreshing(String token) {
      this.token = token;
    }

    @Override
    public Optional<String> run() throws IOException {
      Target.Answer a =
          target.form(
              oidc + "/token",
              Map.of("grant_type", "refresh_token", "refresh_token", token),
              clientAuthorization);
      if (a.status() != 200) {
        return Optional.of("status " + a.status());
      }
      String next = a.json().path("refresh_token").asText();
      toLogOut.remove(token);
      toLogOut.add(next);
      token = next;
      return Optional.empty();
    }
  }

  /**
   * Signs the user in {@code sessions} times, then lists the user's sessions and logs the user out
   * through the admin API, each call timed; a second list counts what was ended, and one of the
   * access tokens is introspected after.
   */
  @Override
  public AtScale atScale(int sessions, int connections) throws IOException, InterruptedException {
    List<String> problems = new ArrayList<>();
    AtScale.Made made =
        AtScale.make(
            sessions,
            connections,
            () -> {
              Target.Answer a = passwordGrant();
              return a.status() == 200
                  ? Optional.of(a.json().path("access_token").asText())
                  : Optional.empty();
            });
    if (made.count() < sessions) {
      problems.add((sessions - made.count()) + " of " + sessions + " sign-ins failed");
    }
    String admin = "/admin/realms/" + encode(realm.realm());
    String bearer = adminBearer();
    Target.Answer users =
        target.get(
            admin + "/users?exact=true&username=" + encode(realm.username()),
            bearer,
            Target.TIMEOUT);
    if (users.status() != 200 || users.json() == null || users.json().isEmpty()) {
      throw new IOException("the admin API did not find user " + realm.username());
    }
    String user = admin + "/users/" + encode(users.json().get(0).path("id").asText());
    long t0 = System.nanoTime();
    Target.Answer list = target.get(user + "/sessions", bearer, Target.LONG_TIMEOUT);
    double listSeconds = AtScale.since(t0);
    int listed = list.ok() && list.json() != null ? list.json().size() : 0;
    if (!list.ok()) {
      problems.add("the list answered " + list.status());
    }
    t0 = System.nanoTime();
    Target.Answer end = target.post(user + "/logout", Map.of(), bearer, Target.LONG_TIMEOUT);
    double endSeconds = AtScale.since(t0);
    if (!end.ok()) {
      problems.add(
          "the logout answered " + end.status() + " after " + Math.round(endSeconds) + " s");
    }
    // A failed logout can take Keycloak's database down with it (its transaction reaper aborts the
    // call after 300 s): what follows is measured if it can be, and said if it cannot.
    long ended = 0;
    try {
      Target.Answer left = target.get(user + "/sessions", adminBearer(), Target.LONG_TIMEOUT);
      if (left.ok() && left.json() != null) {
        ended = listed - left.json().size();
      } else {
        problems.add("the sessions left could not be listed (" + left.status() + ")");
      }
    } catch (IOException e) {
      problems.add("the sessions left could not be listed: " + e.getMessage());
    }
    return AtScale.finish(
        sessions,
        made,
        listed,
        listSeconds,
        ended,
        endSeconds,
        () ->
            target.form(
                oidc + "/token/introspect", Map.of("token", made.anyToken()), clientAuthorization),
        after -> !after.json().path("active").asBoolean(true),
        problems);
  }

  private String adminBearer() throws IOException {
    if (realm.adminUsername().isEmpty() || realm.adminPassword().isEmpty()) {
      throw new IOException("sessions needs --admin-username and --admin-password");
    }
    Target.Answer a =
        target.form(
            "/realms/master/protocol/openid-connect/token",
            Map.of(
                "grant_type",
                "password",
                "client_id",
                "admin-cli",
                "username",
                realm.adminUsername().get(),
                "password",
                realm.adminPassword().get()),
            null);
    if (a.status() != 200) {
      throw new IOException("the admin sign-in answered " + a.status());
    }
    return "Bearer " + a.json().path("access_token").asText();
  }

  /** Logs out every session the run made (its refresh token at the OIDC logout endpoint). */
  @Override
  public void close() throws InterruptedException {
    java.util.Iterator<String> tokens = List.copyOf(toLogOut).iterator();
    AtScale.make(
        toLogOut.size(),
        8,
        () -> {
          String token;
          synchronized (tokens) {
            token = tokens.hasNext() ? tokens.next() : null;
          }
          if (token != null) {
            target.cleanUpForm(
                oidc + "/logout", Map.of("refresh_token", token), clientAuthorization);
          }
          return Optional.empty();
        });
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
