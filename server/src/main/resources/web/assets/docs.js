// Starts Swagger UI on /docs: an external file, because the pages' Content-Security-Policy allows
// no inline script. The document's address comes from the page; the query string configures
// nothing (queryConfigEnabled: false) and no validator is called.
(function () {
  "use strict";
  function start() {
    var root = document.getElementById("swagger-ui");
    window.ui = window.SwaggerUIBundle({
      url: root.getAttribute("data-spec"),
      domNode: root,
      deepLinking: false,
      queryConfigEnabled: false,
      validatorUrl: "none",
      presets: [window.SwaggerUIBundle.presets.apis],
      layout: "BaseLayout"
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
