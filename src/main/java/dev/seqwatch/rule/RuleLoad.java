package dev.seqwatch.rule;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The outcome of loading a rule tree: the rules that run, a verdict for every file in path order
 * (the bundled rule first), and the warnings the load raised (version ties). Immutable.
 */
public record RuleLoad(RuleSet rules, List<RuleFile> files, List<String> warnings) {

  public RuleLoad {
    files = List.copyOf(files);
    warnings = List.copyOf(warnings);
  }

  /** Counts of the verdicts, skips by reason. */
  public Summary summary() {
    Map<RuleFile.Reason, Integer> skipped = new EnumMap<>(RuleFile.Reason.class);
    int loaded = 0;
    int failed = 0;
    for (RuleFile file : files) {
      switch (file.status()) {
        case LOADED -> loaded++;
        case SKIPPED -> skipped.merge(file.reason(), 1, Integer::sum);
        case FAILED -> failed++;
      }
    }
    return new Summary(loaded, skipped, failed);
  }

  /**
   * The files strict mode refuses: every failed file and every rule with an EQL construct not
   * supported yet. The other skips are choices (another type, deprecated, disabled, superseded).
   */
  public List<RuleFile> refusedWhenStrict() {
    return files.stream().filter(file -> file.status() == RuleFile.Status.FAILED
        || file.reason() == RuleFile.Reason.UNSUPPORTED_EQL).toList();
  }

  /**
   * Verdict counts.
   *
   * @param skipped by reason, in the declaration order of {@link RuleFile.Reason}
   */
  public record Summary(int loaded, Map<RuleFile.Reason, Integer> skipped, int failed) {

    public Summary {
      skipped = Map.copyOf(skipped);
    }

    public int skippedTotal() {
      return skipped.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** {@code loaded 760, skipped 1300 (not_eql 1111, unsupported_eql 189), failed 2}. */
    @Override
    public String toString() {
      String reasons = skipped.entrySet().stream().sorted(Map.Entry.comparingByKey())
          .map(entry -> entry.getKey().label() + " " + entry.getValue()).collect(Collectors.joining(", "));
      return "loaded " + loaded + ", skipped " + skippedTotal() + (reasons.isEmpty() ? "" : " (" + reasons + ")")
          + ", failed " + failed;
    }
  }
}
