package dev.vigil.session;

import dev.vigil.client.ClientContext;
import dev.vigil.id.Subject;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * A request to open a session for a subject the application has authenticated. Absent timeouts take
 * the deployment's defaults; absent authentication means "password, now, AAL 1".
 */
public record NewSession(
    Subject subject,
    Set<String> roles,
    Optional<Authentication> auth,
    ClientContext client,
    Optional<Duration> idleTimeout,
    Optional<Duration> absoluteTimeout,
    boolean bindToClient) {

  public NewSession {
    roles = Set.copyOf(roles);
  }

  /** A session for {@code subject} with every option at its default. */
  public static NewSession of(Subject subject) {
    return new NewSession(
        subject,
        Set.of(),
        Optional.empty(),
        ClientContext.UNKNOWN,
        Optional.empty(),
        Optional.empty(),
        false);
  }
}
