package dev.vigil.server.assess;

/** How one check of the configuration audit came out. Ordered from best to worst. */
public enum Status {
  /** The setting meets the cited requirement as Vigil reads it. */
  PASS,
  /**
   * The setting is allowed but needs an operator's decision, or the check could not be made (for
   * example file modes on a file system without POSIX permissions); the audit still exits 0.
   */
  WARN,
  /** The setting breaks the cited requirement; {@code vigil audit} exits 1. */
  FAIL
}
