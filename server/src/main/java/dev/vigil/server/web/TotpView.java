package dev.vigil.server.web;

import java.util.Optional;

/**
 * The enrolment page: the QR code, the secret to type instead, and the form for the first code.
 * Public only because the compiled template reads it. {@link #toString} leaves the secret out.
 *
 * @param otpauth the {@code otpauth://} URI, carried by the form back to the confirmation
 * @param qrImage the QR code of {@code otpauth} as a {@code data:image/svg+xml} URI
 * @param secret the base32 secret in groups of four
 * @param error why the last code was refused
 */
public record TotpView(String otpauth, String qrImage, String secret, Optional<String> error) {
  @Override
  public String toString() {
    return "TotpView[redacted]";
  }
}
