package dev.vigil.server.api;

/**
 * Thrown at the edge when a request cannot be served as asked; carries the {@link Problem} to
 * answer. Never thrown by the domain.
 */
public final class ApiError extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final transient Problem problem;

  public ApiError(Problem problem) {
    super(problem.detail(), null, false, false);
    this.problem = problem;
  }

  public Problem problem() {
    return problem;
  }
}
