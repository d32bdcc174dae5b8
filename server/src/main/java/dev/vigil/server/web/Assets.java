package dev.vigil.server.web;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The pages' style sheets and scripts, served by Vigil itself from {@code web/assets/} on the class
 * path, and uPlot's (the operator dashboard's chart) from its WebJar (no CDN: a page works offline
 * and its Content-Security-Policy allows only {@code 'self'}). Read once at start-up; immutable.
 */
final class Assets {
  private record Asset(String type, byte[] body) {}

  private final Map<String, Asset> assets;
  private final PageHeaders headers;

  Assets(PageHeaders headers) {
    this.headers = headers;
    String uplot = WebJars.root("org.webjars.npm", "uplot") + "dist/";
    this.assets =
        Map.of(
            "vigil.css", new Asset("text/css; charset=utf-8", read("/web/assets/vigil.css")),
            "vigil.js", new Asset("text/javascript; charset=utf-8", read("/web/assets/vigil.js")),
            "admin.js", new Asset("text/javascript; charset=utf-8", read("/web/assets/admin.js")),
            "uPlot.min.css", new Asset("text/css; charset=utf-8", read(uplot + "uPlot.min.css")),
            "uPlot.iife.min.js",
                new Asset("text/javascript; charset=utf-8", read(uplot + "uPlot.iife.min.js")));
  }

  /** {@code GET /assets/{name}}: the asset, or 404. */
  void serve(Context ctx) {
    Asset a = assets.get(ctx.pathParam("name"));
    headers.asset(ctx);
    if (a == null) {
      ctx.status(404).contentType("text/plain; charset=utf-8").result("No such asset.");
      return;
    }
    ctx.status(200).contentType(a.type()).result(a.body());
  }

  private static byte[] read(String name) {
    try (InputStream in = Assets.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(name + " is missing from the class path");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
