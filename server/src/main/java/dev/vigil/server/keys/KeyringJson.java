package dev.vigil.server.keys;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.token.KeyId;
import dev.vigil.token.Keyring;
import dev.vigil.token.SigningKey;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * The keyring as JSON: {@code {"keys":[{"id","material" (base64),"created_at","retired_at"?}]}},
 * the same in {@code keyring.json} and, sealed, in a shared store.
 */
final class KeyringJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private KeyringJson() {}

  static byte[] encode(Keyring keyring) throws IOException {
    ObjectNode root = JSON.createObjectNode();
    ArrayNode keys = root.putArray("keys");
    for (SigningKey k : keyring.keys()) {
      ObjectNode n = keys.addObject();
      n.put("id", k.id().value());
      n.put("material", Base64.getEncoder().encodeToString(k.material()));
      n.put("created_at", k.createdAt().toString());
      k.retiredAt().ifPresent(r -> n.put("retired_at", r.toString()));
    }
    return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
  }

  static Keyring decode(byte[] json) throws IOException {
    JsonNode root = JSON.readTree(json);
    List<SigningKey> keys = new ArrayList<>();
    for (JsonNode k : root.path("keys")) {
      keys.add(
          new SigningKey(
              new KeyId(k.path("id").asText()),
              Base64.getDecoder().decode(k.path("material").asText()),
              Instant.parse(k.path("created_at").asText()),
              k.hasNonNull("retired_at")
                  ? Optional.of(Instant.parse(k.path("retired_at").asText()))
                  : Optional.empty()));
    }
    return new Keyring(keys);
  }
}
