package dev.vigil.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.server.ApiClient.Reply;
import dev.vigil.server.TestServer;
import dev.vigil.server.config.ConfigKey;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Roles on users reach their sessions: in place with a renewed token, or by revocation. */
class RolesApiTest {
  private static final String GOOD = "violet kettle marching sideways 81";

  @Test
  void rotateMode_newRolesApplyAtOnce_tokenRenewedAtNextUse_nobodySignedOut() throws Exception {
    try (TestServer server = TestServer.start(Map.of())) {
      String id =
          server
              .post(
                  "/v1/users",
                  Map.of("username", "promoted", "password", GOOD, "roles", List.of("editor")))
              .text("id");
      String token =
          server
              .post("/v1/auth/login", Map.of("username", "promoted", "password", GOOD))
              .text("token");
      Reply before =
          server.post(
              "/v1/sessions/verify",
              Map.of("token", token, "require", Map.of("roles", List.of("admin"))));
      assertThat(before.text("reason")).isEqualTo("FORBIDDEN");

      Reply changed = server.post("/v1/users/" + id + "/roles", Map.of("roles", List.of("admin")));
      assertThat(changed.status()).isEqualTo(200);
      assertThat(changed.json().path("roles").get(0).asText()).isEqualTo("admin");

      Reply after =
          server.post(
              "/v1/sessions/verify",
              Map.of("token", token, "require", Map.of("roles", List.of("admin"))));
      assertThat(after.json().path("valid").asBoolean()).isTrue();
      assertThat(after.text("renewed_token")).startsWith("vs1.");
      assertThat(server.get("/v1/events?type=session.privileges_changed").json().path("events"))
          .hasSize(1);
    }
  }

  @Test
  void revokeMode_endsSessionsWithPrivilegeChanged() throws Exception {
    try (TestServer server = TestServer.start(Map.of(ConfigKey.ROLE_CHANGE, "revoke"))) {
      String id =
          server
              .post(
                  "/v1/users",
                  Map.of("username", "demoted", "password", GOOD, "roles", List.of("admin")))
              .text("id");
      String token =
          server
              .post("/v1/auth/login", Map.of("username", "demoted", "password", GOOD))
              .text("token");
      server.post("/v1/users/" + id + "/roles", Map.of("roles", List.of()));
      Reply v = server.verify(token);
      assertThat(v.text("reason")).isEqualTo("REVOKED");
      assertThat(v.json().path("revocation").path("cause").asText()).isEqualTo("PRIVILEGE_CHANGED");
    }
  }

  @Test
  void requirePermissions_grantedThroughRoles_missingOneIsNamed() throws Exception {
    try (TestServer server =
        TestServer.start(
            Map.of(ConfigKey.PERMISSIONS, "editor=posts:write;admin=posts:write,users:manage"))) {
      String token =
          server
              .post("/v1/sessions", Map.of("subject", "perm", "roles", List.of("editor")))
              .text("token");
      Reply ok =
          server.post(
              "/v1/sessions/verify",
              Map.of("token", token, "require", Map.of("permissions", List.of("posts:write"))));
      Reply no =
          server.post(
              "/v1/sessions/verify",
              Map.of(
                  "token",
                  token,
                  "require",
                  Map.of("permissions", List.of("posts:write", "users:manage"))));
      assertThat(ok.json().path("valid").asBoolean()).as(ok.raw().body()).isTrue();
      assertThat(no.text("reason")).isEqualTo("FORBIDDEN");
      assertThat(no.json().path("missing").get(0).asText()).isEqualTo("permission users:manage");
    }
  }
}
