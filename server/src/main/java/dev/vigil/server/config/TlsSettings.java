package dev.vigil.server.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * How the server is reached securely: a PEM certificate chain and key to serve HTTPS with (both or
 * neither), or a declaration that a TLS-terminating proxy is in front. Without either, the server
 * listens only on loopback addresses.
 *
 * @param cert the certificate chain, leaf first
 * @param key the private key of the leaf
 * @param proxy a TLS proxy is in front, so plain HTTP on another address is intended
 */
public record TlsSettings(Optional<Path> cert, Optional<Path> key, boolean proxy) {
  /** No TLS and no proxy: loopback only. */
  public static final TlsSettings NONE = new TlsSettings(Optional.empty(), Optional.empty(), false);

  public TlsSettings {
    if (cert.isPresent() != key.isPresent()) {
      throw new IllegalArgumentException("tls_cert and tls_key come together");
    }
  }

  /** Whether Vigil itself speaks TLS. */
  public boolean enabled() {
    return cert.isPresent();
  }
}
