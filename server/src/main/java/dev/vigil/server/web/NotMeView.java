package dev.vigil.server.web;

import java.util.Optional;

/**
 * The "this wasn't me" page: the form that uses the link, or what using it did. Public only because
 * the compiled template reads it. {@link #toString} leaves the link out.
 *
 * @param link the link's token, when the page offers to use it
 * @param outcome what using it did (or why it cannot be used), in plain words
 */
public record NotMeView(Optional<String> link, String outcome) {
  @Override
  public String toString() {
    return "NotMeView[" + (link.isPresent() ? "offer" : "outcome") + "]";
  }
}
