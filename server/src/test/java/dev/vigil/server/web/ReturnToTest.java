package dev.vigil.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReturnToTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "/",
        "/account/sessions",
        "/app/inbox?tab=2&q=a%20b",
        "/a/b#frag",
        "/search?q=%5C",
        "/%E2%9C%93"
      })
  void safe_sameOriginPath_isKept(String path) {
    assertThat(ReturnTo.safe(path)).hasValue(path);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "//evil.example",
        "//evil.example/path",
        "/\\evil.example",
        "\\\\evil.example",
        "https:evil",
        "https://evil.example",
        "http:/evil.example",
        "javascript:alert(1)",
        "evil.example",
        "/%2F%2Fevil.example",
        "/%2Fevil.example",
        "%2F%2Fevil.example",
        "/%5Cevil.example",
        "/%252Fevil.example",
        "/%09/evil.example",
        "/\t/evil.example",
        "/\n/evil.example",
        "/a b",
        "/é",
        "/%ZZ"
      })
  void safe_anythingElse_isRefused(String raw) {
    assertThat(ReturnTo.safe(raw)).isEmpty();
  }

  @org.junit.jupiter.api.Test
  void safe_overlong_isRefused() {
    assertThat(ReturnTo.safe("/" + "a".repeat(ReturnTo.MAX_LENGTH))).isEmpty();
  }
}
