package dev.vigil.notice;

import java.time.Instant;

/**
 * The devices each subject was seen on, for the new-device notice. Every method may throw {@link
 * dev.vigil.session.StoreUnavailableException}.
 */
public interface KnownDevices {
  /** Whether any device was ever recorded for {@code subject}. */
  boolean knowsSubject(String subject);

  /**
   * Records that {@code subject} was seen on {@code device}, atomically: of several callers
   * recording the same new device at once, exactly one is told it was new.
   *
   * @return whether the device was new for the subject
   */
  boolean rememberDevice(String subject, String device, Instant now);
}
