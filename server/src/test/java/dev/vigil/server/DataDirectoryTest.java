package dev.vigil.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.access.Scope;
import dev.vigil.server.config.ConfigKey;
import dev.vigil.server.config.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * First start of an empty data directory: keyring and admin key, both readable by the owner only.
 */
class DataDirectoryTest {
  @Test
  void firstStart_writesKeyringAndAdminKeyWithMode0600_adminKeyWorks_secondStartKeepsThem()
      throws Exception {
    Path dir = dev.vigil.testkit.TempPaths.directory("vigil-data-test").resolve("data");
    var config =
        ConfigLoader.load(Optional.empty(), Map.of(), Map.of(ConfigKey.DATA, dir.toString()));
    String adminKey;
    try (DataDirectory data = DataDirectory.open(config, Clock.systemUTC())) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)))
          .isEqualTo("rwx------");
      for (String file : new String[] {"keyring.json", "admin.key"}) {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(file))))
            .as(file)
            .isEqualTo("rw-------");
      }
      adminKey = Files.readString(dir.resolve("admin.key")).strip();
      assertThat(data.apiKeys().authenticate(adminKey))
          .hasValueSatisfying(k -> assertThat(k.allows(Scope.ADMIN)).isTrue());
    }
    String keyring = Files.readString(dir.resolve("keyring.json"));
    try (DataDirectory again = DataDirectory.open(config, Clock.systemUTC())) {
      assertThat(Files.readString(dir.resolve("admin.key")).strip()).isEqualTo(adminKey);
      assertThat(Files.readString(dir.resolve("keyring.json"))).isEqualTo(keyring);
      assertThat(again.apiKeys().list()).hasSize(1);
    }
  }

  @Test
  void bootstrapKey_isRegisteredAndNoAdminKeyFileIsWritten() throws Exception {
    Path dir = dev.vigil.testkit.TempPaths.directory("vigil-data-test").resolve("data");
    String key = "bootstrap-key-for-the-test-0123456789abcdef";
    var config =
        ConfigLoader.load(
            Optional.empty(),
            Map.of("VIGIL_BOOTSTRAP_API_KEY", key),
            Map.of(ConfigKey.DATA, dir.toString()));
    try (DataDirectory data = DataDirectory.open(config, Clock.systemUTC())) {
      assertThat(data.apiKeys().authenticate(key)).isPresent();
      assertThat(dir.resolve("admin.key")).doesNotExist();
    }
  }
}
