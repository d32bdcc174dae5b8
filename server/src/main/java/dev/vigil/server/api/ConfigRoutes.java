package dev.vigil.server.api;

import dev.vigil.access.Scope;
import dev.vigil.server.assess.Settings;
import dev.vigil.server.assess.SettingsJson;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.function.Supplier;

/**
 * {@code GET /v1/admin/config}, scope {@code admin}: the node's effective settings as {@code vigil
 * audit --server} judges them ({@link SettingsJson}): the session policy, transport, password
 * policy, throttles and anomaly modes, mail (configured or not), event retention, the signing keys'
 * ids and times, and the unrevoked API keys' ids, names, scopes and times. Never a secret: no key
 * material, password, SMTP password, master key, API key text or hash; those are absent from {@link
 * Settings} itself, so no answer can carry them.
 */
public final class ConfigRoutes {
  private final Supplier<Settings> settings;
  private final Callers callers;

  /** Routes answering with {@code settings}, read afresh for every call (keys change). */
  public ConfigRoutes(Supplier<Settings> settings, Callers callers) {
    this.settings = settings;
    this.callers = callers;
  }

  /** Adds the route. */
  public void register(RoutesConfig config) {
    new Endpoints(config).get("/v1/admin/config", this::config);
  }

  private void config(Context ctx) {
    callers.require(ctx, Scope.ADMIN);
    Settings s = settings.get();
    Http.json(ctx, 200, g -> SettingsJson.write(g, s));
  }
}
