package dev.vigil.server.api;

/**
 * Thrown at the edge when a request cannot be served as asked; carries the {@link Problem} to
 * answer. Never thrown by the domain.
 */
public final class ApiError extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final transient Problem problem;
  private final transient java.util.Map<String, String> headers;

  public ApiError(Problem problem) {
    this(problem, java.util.Map.of());
  }

  /** An error answered with {@code problem} and these response headers. */
  public ApiError(Problem problem, java.util.Map<String, String> headers) {
    super(problem.detail(), null, false, false);
    this.problem = problem;
    this.headers = java.util.Map.copyOf(headers);
  }

  public Problem problem() {
    return problem;
  }

  /** Headers the answer carries, such as {@code WWW-Authenticate}. */
  public java.util.Map<String, String> headers() {
    return headers;
  }
}
