package dev.vigil.server.config;

/**
 * How the web pages behave on this node.
 *
 * @param insecureCookies {@code dev_insecure_cookies}: the cookies drop {@code Secure} and the
 *     {@code __Host-} prefix so that a browser keeps them over plain HTTP on localhost; for
 *     development only, off by default, and logged as a warning at start-up
 */
public record WebSettings(boolean insecureCookies) {}
