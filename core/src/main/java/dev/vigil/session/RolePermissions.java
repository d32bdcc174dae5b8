package dev.vigil.session;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The deployment's map from roles to the permissions they grant, checked by {@code
 * require.permissions}. A session's permissions are the union over its roles; a role absent from
 * the map grants none.
 */
public record RolePermissions(Map<String, Set<String>> byRole) {
  /** No role grants any permission. */
  public static final RolePermissions NONE = new RolePermissions(Map.of());

  public RolePermissions {
    byRole = Map.copyOf(byRole);
    byRole.values().forEach(Set::copyOf);
  }

  /** The permissions {@code roles} grant together. */
  public Set<String> of(Set<String> roles) {
    Set<String> out = new HashSet<>();
    for (String r : roles) {
      out.addAll(byRole.getOrDefault(r, Set.of()));
    }
    return out;
  }
}
