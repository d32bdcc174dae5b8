package dev.vigil.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FormGuardTest {
  @Test
  void originOf_writesTheOriginAsABrowserDoes() {
    assertThat(FormGuard.originOf("https://App.Example:443/auth")).hasValue("https://app.example");
    assertThat(FormGuard.originOf("http://127.0.0.1:80/x")).hasValue("http://127.0.0.1");
    assertThat(FormGuard.originOf("http://127.0.0.1:8080/x")).hasValue("http://127.0.0.1:8080");
    assertThat(FormGuard.originOf("https://app.example:8443")).hasValue("https://app.example:8443");
    assertThat(FormGuard.originOf("/relative")).isEmpty();
    assertThat(FormGuard.originOf("null")).isEmpty();
  }
}
