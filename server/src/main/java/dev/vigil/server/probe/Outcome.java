package dev.vigil.server.probe;

/** How one check of {@code vigil probe} came out. */
public enum Outcome {
  /** The deployment did what the cited requirement asks. */
  PASS,
  /**
   * Allowed for what the target is, but not for a production deployment: development cookies
   * (without {@code Secure} and {@code __Host-}) over plain HTTP on a loopback address. Exit 0.
   */
  WARN,
  /**
   * The check could not be made, for a stated reason: the API key lacks a scope, the request budget
   * is too small for the configured limit, a wait would be too long. Exit 0.
   */
  SKIP,
  /** The deployment did not do what the cited requirement asks; {@code vigil probe} exits 1. */
  FAIL
}
