package dev.vigil.server.notify;

import java.util.Optional;

/**
 * How to reach the SMTP server.
 *
 * @param host the server
 * @param port its port (587 for submission with STARTTLS, 465 is not supported, 25 for relays)
 * @param starttls whether STARTTLS is required, tried when offered, or not used
 * @param username the login, if the server wants one
 * @param password its password (never logged)
 * @param from the sender address of every mail
 */
public record Smtp(
    String host,
    int port,
    StartTls starttls,
    Optional<String> username,
    Optional<String> password,
    String from) {

  /** The STARTTLS policy. */
  public enum StartTls {
    REQUIRED,
    OPTIONAL,
    OFF
  }

  @Override
  public String toString() {
    return "Smtp[" + host + ":" + port + ", starttls " + starttls + ", from " + from + "]";
  }
}
