package dev.vigil.client;

/**
 * The port that tells what kind of client a user agent string names ({@link ClientFamily}): used to
 * explain incidents in plain words and by rules that compare clients (a new browser family from a
 * new network). Implementations are thread-safe, never throw for any input (an empty, garbled or
 * hostile string is {@link ClientFamily#UNKNOWN} or as much as can be told), and may be slow the
 * first time (loading rules) but not afterwards.
 */
@FunctionalInterface
public interface UserAgents {
  /** The family of client that sent {@code userAgent}. */
  ClientFamily family(String userAgent);

  /** The family of {@code client}'s user agent; {@link ClientFamily#UNKNOWN} when it sent none. */
  default ClientFamily family(ClientContext client) {
    return client.userAgent().map(this::family).orElse(ClientFamily.UNKNOWN);
  }
}
