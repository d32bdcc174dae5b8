package dev.vigil.server.load;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a run sends to one kind of server (Vigil, or Keycloak for the peer comparison): for each
 * scenario, one {@link Step} per connection with what it needs created first; the at-scale
 * measurement of {@link Scenario#SESSIONS}; and the removal of everything the run created.
 */
interface Workload extends AutoCloseable {
  /** One connection's work: sends one request and says whether it got the expected answer. */
  interface Step {
    /**
     * @return the error's name ({@code status 503}, {@code invalid token}...), empty on success
     */
    Optional<String> run() throws IOException, InterruptedException;
  }

  /**
   * A step that sends one of several kinds of request ({@link Scenario#MIX}): after each {@link
   * Step#run}, which kind it sent, so that each kind's latency is reported apart as well.
   */
  interface OfParts extends Step {
    /** The kind of request the last {@link #run} sent: {@code verify}, {@code create}... */
    String part();
  }

  /** The scenarios this server runs, {@link Scenario#LIVE} (its baseline) included. */
  Set<Scenario> scenarios();

  /** What {@code scenario} sends to this server, for the report ({@code POST /v1/sessions}). */
  String what(Scenario scenario);

  /** The steps of {@code scenario} (not {@link Scenario#SESSIONS}), one per connection. */
  List<Step> steps(Scenario scenario, int connections) throws IOException, InterruptedException;

  /**
   * Gives one subject {@code sessions} sessions (over {@code connections} connections), then times
   * listing them and ending them all in one call, and checks that one of them is refused after.
   */
  AtScale atScale(int sessions, int connections) throws IOException, InterruptedException;

  /** Ends every session the run made, and deletes any account it made. */
  @Override
  void close() throws IOException, InterruptedException;
}
