package dev.vigil.session;

/**
 * A token handed out with the session it opens. {@link #toString()} hides the token so that it can
 * never end up in a log by accident.
 */
public record IssuedToken(String token, Session session) {
  @Override
  public String toString() {
    return "IssuedToken[" + session.id() + "]";
  }
}
