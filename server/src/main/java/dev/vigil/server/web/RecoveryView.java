package dev.vigil.server.web;

import java.util.List;

/**
 * The recovery codes, shown once after the authenticator app was confirmed. Public only because the
 * compiled template reads it. {@link #toString} leaves the codes out.
 */
public record RecoveryView(List<String> codes) {
  public RecoveryView {
    codes = List.copyOf(codes);
  }

  @Override
  public String toString() {
    return "RecoveryView[redacted]";
  }
}
