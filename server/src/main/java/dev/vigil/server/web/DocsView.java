package dev.vigil.server.web;

/**
 * The API reference page, which needs nothing but the layout's parts: Swagger UI fetches the
 * document itself. Public only because the compiled template reads it.
 */
public record DocsView() {}
