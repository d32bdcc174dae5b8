package dev.vigil.server.web;

/**
 * A page that asks before a sensitive action is done, with one button that posts the form. Public
 * only because the compiled template reads it. Texts are already looked up in the bundle.
 *
 * @param action the path (with prefix) the button posts to
 * @param cancel the path (with prefix) of the page to go back to
 */
public record ConfirmView(
    String title, String text, String action, String button, String buttonId, String cancel) {}
