package dev.vigil.server.assess;

import java.util.List;

/** How tokens travel: TLS (or a declared proxy) and the web pages' cookie flags. */
final class TransportChecks {
  private TransportChecks() {}

  static List<Check> of(Settings.Transport t) {
    return List.of(tls(t), cookies(t));
  }

  /**
   * TLS on or a declared proxy passes. Neither is only possible on loopback (the configuration
   * refuses anything else), which is right for development or a co-located caller: the operator
   * decides.
   */
  static Check tls(Settings.Transport t) {
    Check.Ref ref = Check.Ref.of("transport.tls", "TLS or a declared TLS proxy", "12.2.1", "§5.1");
    return switch (t.tls()) {
      case ON -> Check.pass(ref, "HTTPS only (TLS 1.2 and 1.3) on " + t.host());
      case PROXY ->
          Check.pass(ref, "tls_proxy: a TLS-terminating proxy is declared in front of " + t.host());
      case OFF ->
          Check.warn(
              ref,
              "plain HTTP on loopback "
                  + t.host()
                  + ": fine only when every caller is on this host",
              "before other hosts call it, set tls_cert and tls_key, or tls_proxy: true behind a"
                  + " TLS-terminating proxy");
    };
  }

  static Check cookies(Settings.Transport t) {
    Check.Ref ref =
        Check.Ref.of("web.cookies", "Web cookie flags and the development flag", "3.3.1", "§5.1.1");
    if (t.devInsecureCookies()) {
      return Check.fail(
          ref,
          "dev_insecure_cookies is on: the session cookie loses Secure and the __Host- prefix",
          "set dev_insecure_cookies: false (development only)");
    }
    return Check.pass(
        ref, "__Host-vigil-session: Secure, HttpOnly, SameSite=Lax, Path=/, no Domain");
  }
}
