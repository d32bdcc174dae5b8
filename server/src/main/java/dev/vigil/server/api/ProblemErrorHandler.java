package dev.vigil.server.api;

import dev.vigil.server.config.HttpLimits;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's own error answers as RFC 9457 problems: what Jetty refuses before any route runs (a
 * malformed request line or URI, {@code %00}, invalid UTF-8 in the path, headers over the limit, an
 * unknown HTTP version) is answered {@code application/problem+json} with a fixed text per status.
 * It never echoes the URI, Jetty's message or the cause, and never writes HTML.
 */
final class ProblemErrorHandler extends ErrorHandler {
  private final HttpLimits limits;

  /** A handler whose answers name {@code limits} where a limit was passed. */
  ProblemErrorHandler(HttpLimits limits) {
    this.limits = limits;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    int code = response.getStatus();
    if (request.getAttribute(ERROR_EXCEPTION) instanceof HttpException he) {
      code = he.getCode();
    }
    if (code < 400 || code > 599) {
      code = 500;
    }
    response.setStatus(code);
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    // Jetty closes the connection after a request it could not parse; saying so keeps clients from
    // sending their next request on it
    response.getHeaders().put(HttpHeader.CONNECTION, "close");
    if (HttpStatus.hasNoBody(code) || "HEAD".equalsIgnoreCase(request.getMethod())) {
      callback.succeeded();
      return true;
    }
    byte[] body = Http.bytes(problem(code).toJson());
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, Problem.MEDIA_TYPE);
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
    response.write(true, ByteBuffer.wrap(body), callback);
    return true;
  }

  /** The problem Jetty's refusal with {@code code} is answered with. */
  Problem problem(int code) {
    return switch (code) {
      case 400 ->
          Problem.badRequest(
              "The request could not be read: its request line, URI, headers or body are"
                  + " malformed (for example %00 or invalid UTF-8 in the path).");
      case 408 -> Problem.ofStatus(408, "The request was not sent in time.");
      case 413 ->
          Problem.ofStatus(
              413, "The request body is too large (at most " + limits.maxBodyBytes() + " bytes).");
      case 414 -> Problem.ofStatus(414, "The request URI is too long.");
      case 431 ->
          Problem.ofStatus(
              431,
              "The request headers are too large (at most "
                  + limits.maxHeaderBytes()
                  + " bytes in all, request line included).");
      case 505 -> Problem.ofStatus(505, "This HTTP version is not supported; use HTTP/1.1.");
      default ->
          Problem.ofStatus(
              code,
              code >= 500
                  ? "The server could not handle the request."
                  : "The request could not be handled.");
    };
  }
}
