package dev.vigil.server.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;

/**
 * The API reference ({@code GET /docs}): Vigil's OpenAPI document rendered in the browser by
 * Swagger UI, whose files come from its WebJar ({@code org.webjars:swagger-ui}) and are served by
 * Vigil under {@code /docs/files/} (no CDN). Swagger UI is started by an external script of Vigil's
 * ({@code web/assets/docs.js}), never an inline one, with {@code validatorUrl: "none"} (no call to
 * swagger.io) and the query-string configuration off, so a crafted link cannot point it at another
 * document. The page keeps the pages' Content-Security-Policy ({@link PageHeaders}: {@code
 * script-src 'self'}, {@code style-src 'self'}; OWASP ASVS 5.0 V3.4.3): Swagger UI sets its few
 * dynamic styles through the DOM, which a policy without {@code 'unsafe-inline'} allows. The
 * document is served at {@code /docs/files/openapi.json} too, without its {@code servers} (so their
 * default, this origin), so that "Try it out" calls the Vigil that shows it ({@code connect-src
 * 'self'}). The files are read once, at the first request for one of them, not at start-up (the
 * Swagger UI bundle alone is 1.4 MB, inflated from its jar: 30-50 ms of every start); immutable.
 */
final class DocsPages {
  static final String PATH = "/docs";

  private record File(String type, byte[] body) {}

  /** The files by name, read when this class is first used (the JVM runs that once). */
  private static final class Files {
    static final Map<String, File> ALL = read();

    private static Map<String, File> read() {
      String webjar = WebJars.root("org.webjars", "swagger-ui");
      return Map.of(
          "swagger-ui.css",
              new File("text/css; charset=utf-8", DocsPages.read(webjar + "swagger-ui.css")),
          "swagger-ui-bundle.js",
              new File(
                  "text/javascript; charset=utf-8",
                  DocsPages.read(webjar + "swagger-ui-bundle.js")),
          "docs.js",
              new File("text/javascript; charset=utf-8", DocsPages.read("/web/assets/docs.js")),
          "docs.css", new File("text/css; charset=utf-8", DocsPages.read("/web/assets/docs.css")),
          "openapi.json", new File("application/json", document()));
    }
  }

  private final Pages pages;
  private final PageHeaders headers;

  DocsPages(Pages pages, PageHeaders headers) {
    this.pages = pages;
    this.headers = headers;
  }

  /** {@code GET /docs}. */
  void show(Context ctx) {
    pages.render(ctx, 200, "docs.jte", new DocsView(), Optional.empty(), Optional.empty());
  }

  /** {@code GET /docs/files/{name}}: one of the files above, or 404. */
  void serve(Context ctx) {
    File f = Files.ALL.get(ctx.pathParam("name"));
    headers.asset(ctx);
    if (f == null) {
      ctx.status(404).contentType("text/plain; charset=utf-8").result("No such file.");
      return;
    }
    ctx.status(200).contentType(f.type()).result(f.body());
  }

  /**
   * Vigil's OpenAPI document without its {@code servers}: the document's default server is then
   * {@code /} (OpenAPI 3.1 section 4.8.1), the origin that shows it.
   */
  private static byte[] document() {
    try {
      ObjectMapper json = new ObjectMapper();
      ObjectNode doc = (ObjectNode) json.readTree(read("/openapi.json"));
      doc.remove("servers");
      return json.writeValueAsBytes(doc);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] read(String resource) {
    try (InputStream in = DocsPages.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " is missing from the class path");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
