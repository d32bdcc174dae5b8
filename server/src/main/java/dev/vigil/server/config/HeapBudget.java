package dev.vigil.server.config;

/**
 * The heap a node needs: a base for the server itself, with Yauaa's rules when it is the user agent
 * analyzer, plus a bound per cached session ({@code cache_size}). {@code vigil serve} checks the
 * JVM's heap limit against it before it opens anything, so that a heap too small for the
 * configuration is a clear error at start rather than a slow death in garbage collection later;
 * {@code bin/vigil} sets the limit from the same figures ({@code 160 MiB + cache_size KiB} with
 * uap-java, the default, 256 MiB with Yauaa and 144 MiB with the keyword analyzer) unless the
 * operator did.
 *
 * <p>The figures are measured (docs/BENCHMARKS.md, "Memory" and "Footprint"): Yauaa keeps 113 MiB
 * and its build fails below about 135 MiB on its own and 192 MiB in the server; uap-java keeps 1
 * MiB; the server without either keeps under 30 MiB after a full GC; a cached session costs under 1
 * KiB with its cache node.
 */
public final class HeapBudget {
  /** The heap the server needs with an empty cache and Yauaa, in bytes. */
  public static final long BASE_BYTES = 192L << 20;

  /** The heap the server needs with an empty cache and the keyword analyzer, in bytes. */
  public static final long KEYWORDS_BASE_BYTES = 80L << 20;

  /**
   * The heap the server needs with an empty cache and uap-java, in bytes: the keyword figure and 16
   * MiB for its expressions (1 MiB kept, 17 MiB at the peak of their build).
   */
  public static final long UAP_BASE_BYTES = 96L << 20;

  /** The heap one cached session may take, its cache node included, in bytes. */
  public static final long PER_CACHED_SESSION_BYTES = 1024;

  private HeapBudget() {}

  /** The heap, in bytes, a node caching up to {@code cacheSize} sessions needs. */
  public static long needed(long cacheSize, UserAgentAnalyzer analyzer) {
    return base(analyzer) + cacheSize * PER_CACHED_SESSION_BYTES;
  }

  private static long base(UserAgentAnalyzer analyzer) {
    return switch (analyzer) {
      case YAUAA -> BASE_BYTES;
      case UAP -> UAP_BASE_BYTES;
      case KEYWORDS -> KEYWORDS_BASE_BYTES;
    };
  }

  /**
   * Refuses a heap limit below what {@code cacheSize} needs with {@code analyzer}.
   *
   * @param maxHeap the JVM's heap limit in bytes ({@link Runtime#maxMemory()})
   * @throws ConfigException naming the limit, the need and both ways out
   */
  public static void check(long cacheSize, UserAgentAnalyzer analyzer, long maxHeap) {
    long needed = needed(cacheSize, analyzer);
    if (maxHeap < needed) {
      throw new ConfigException(
          String.format(
              "the heap limit is %d MiB, but cache_size %d needs at least %d MiB (%d MiB for the"
                  + " server and 1 KiB per cached session): raise the limit (VIGIL_HEAP=%dm with"
                  + " bin/vigil, or -Xmx) or lower cache_size",
              maxHeap >> 20,
              cacheSize,
              (needed + (1 << 20) - 1) >> 20,
              base(analyzer) >> 20,
              ((needed + (1 << 20) - 1) >> 20) + 64));
    }
  }
}
