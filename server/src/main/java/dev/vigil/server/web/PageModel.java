package dev.vigil.server.web;

import java.util.Optional;

/**
 * What every page's layout needs: the texts, the path prefix of the pages, the token of this page's
 * forms, and who is signed in. Public only because the compiled templates read it.
 *
 * @param base the path prefix of every page and asset ({@code ""} or, from {@code public_url}, e.g.
 *     {@code /auth})
 * @param csrf the token every form of the page carries (see {@link FormGuard})
 * @param signedInAs the username of the person signed in, if anyone is
 */
public record PageModel(Messages messages, String base, String csrf, Optional<String> signedInAs) {
  /** The text of {@code key} (see {@link Messages#text}). */
  public String text(String key, Object... args) {
    return messages.text(key, args);
  }

  /** The address of a page or asset: {@code path} under the prefix. */
  public String url(String path) {
    return base + path;
  }
}
