package dev.vigil.server.web;

/**
 * The confirmation of a filed report. Public only because the compiled template reads it.
 *
 * @param id the report's id ({@code rpt_...}), to quote to support
 */
public record ReportedView(String id) {}
