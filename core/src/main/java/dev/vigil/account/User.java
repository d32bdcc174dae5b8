package dev.vigil.account;

import dev.vigil.id.UserId;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * An account: its id (also the subject of its sessions), username, optional e-mail, roles, the
 * Argon2id hash of its password in PHC form, and its sign-in state. {@code failedLogins} counts
 * consecutive failed sign-ins since the last success, {@code lastFailureAt} is when the latest
 * happened. {@link #toString()} never shows the hash.
 */
public record User(
    UserId id,
    Username username,
    Optional<String> email,
    Set<String> roles,
    String passwordHash,
    Instant createdAt,
    Optional<Instant> disabledAt,
    int failedLogins,
    Optional<Instant> lastFailureAt) {

  public User {
    roles = Set.copyOf(new TreeSet<>(roles));
    if (failedLogins < 0) {
      throw new IllegalArgumentException("failed logins cannot be negative");
    }
  }

  /** Whether the account may sign in at all. */
  public boolean enabled() {
    return disabledAt.isEmpty();
  }

  /** This user after a failed sign-in at {@code at}. */
  public User failedAt(Instant at) {
    return new User(
        id,
        username,
        email,
        roles,
        passwordHash,
        createdAt,
        disabledAt,
        failedLogins + 1,
        Optional.of(at));
  }

  /**
   * This user after a successful sign-in, with {@code hash} (possibly upgraded) as its password.
   */
  public User signedIn(String hash) {
    return new User(id, username, email, roles, hash, createdAt, disabledAt, 0, Optional.empty());
  }

  /** This user disabled at {@code at}. */
  public User disabled(Instant at) {
    return new User(
        id,
        username,
        email,
        roles,
        passwordHash,
        createdAt,
        Optional.of(at),
        failedLogins,
        lastFailureAt);
  }

  @Override
  public String toString() {
    return "User[" + id + ", " + username + "]";
  }
}
