package dev.seqwatch.jvm;

/**
 * Keeps Caffeine's cache maintenance out of the code C2 compiles for SeqWatch's own methods: a
 * compiler directive that no method of {@code dev.seqwatch} inlines {@code
 * BoundedLocalCache.maintenance}, added through the JVM's diagnostic command as {@link
 * FrameworkCompilation} adds its own.
 *
 * <p>Why: the engine's batch loop ({@code DetectionEngine.process}) reaches the maintenance of
 * every rule's cache: at its end, where the batch's deferred cleanups run, and wherever a
 * rebalance or a full write buffer runs one at once. C2 inlined it there, eviction, the hill
 * climber that sizes the admission window and the timer wheel included, into one compiled method
 * of 40 to 65 KB. Branches of that maintenance that had not run yet when the loop was compiled
 * (the climber's adjustment meeting another cache's node class, a branch of the buffers' draining)
 * then trapped, and each trap threw away the whole loop's compiled code: 14 C2 compilations of the
 * loop in a run of the whole rule set, 3.9 s of compiler time, the loop running in C1's profiled
 * code between them. With the directive the loop was compiled 5 times, in 0.7 s; the run's total
 * compile time and its throughput did not move beyond their spread (docs/benchmarks.md, "The batch
 * loop compiled once"). Maintenance runs a few times per batch and cache, so its own call costs
 * nothing that counts.
 *
 * <p>Directives are the JVM's: added once per JVM, and it keeps them.
 */
public final class CacheMaintenanceCompilation {

  static final String DIRECTIVE = "[{match: [\"dev/seqwatch/*.*\"],"
      + " inline: [\"-com/github/benmanes/caffeine/cache/BoundedLocalCache.maintenance\"]}]";

  private static boolean added;

  private CacheMaintenanceCompilation() {
  }

  /** Adds the directive unless added before; what became of it. */
  public static synchronized FrameworkCompilation.Outcome keepApart() {
    if (added) {
      return new FrameworkCompilation.Outcome(true, "added before");
    }
    String said = FrameworkCompilation.addDirectives(DIRECTIVE);
    added = said.contains("compiler directives added");
    return new FrameworkCompilation.Outcome(added, said.strip());
  }
}
