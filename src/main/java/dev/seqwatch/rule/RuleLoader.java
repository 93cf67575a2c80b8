package dev.seqwatch.rule;

import dev.seqwatch.event.FieldSchema;
import dev.seqwatch.event.FieldTypes;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Loads a whole rule tree, each file on its own: one file that cannot run never keeps the others
 * from running. Every file gets a {@link RuleFile} verdict.
 *
 * <p>One rule_id, several files: a file of the tree replaces the bundled rule whatever its version
 * (detection-rules files carry none: their versions live in {@code version.lock.json}); among the
 * tree's files the higher {@code version} wins, a missing version counting lower than any; on a
 * tie the first in path order wins and a warning names both. Versions are compared before queries
 * are compiled, so a newer file whose query cannot run does not bring an older one back: the rule
 * is then not loaded, and the verdicts say why.
 */
public final class RuleLoader {

  private RuleLoader() {
  }

  /**
   * Loads the bundled rule (when not null) and {@code files}, in that order.
   *
   * @param disabled rule ids not to load
   * @param previous the schema of the rule set this load replaces, whose fields keep their slots
   *     (see {@link FieldSchema#extending}); null for a first load
   */
  public static RuleLoad load(RuleSource bundled, List<Path> files, Set<String> disabled, FieldSchema previous) {
    return load(bundled, files, disabled, previous, FieldTypes.ecs());
  }

  /**
   * As {@link #load(RuleSource, List, Set, FieldSchema)}, with the field types of {@code types}
   * (the ECS defaults and the user's mappings); a rule's function that fails on an event makes that
   * condition false for it ({@link dev.seqwatch.plan.Planner.Errors#NO_MATCH}).
   */
  public static RuleLoad load(RuleSource bundled, List<Path> files, Set<String> disabled, FieldSchema previous,
      FieldTypes types) {
    List<Entry> entries = new ArrayList<>();
    if (bundled != null) {
      entries.add(parse(bundled, true, disabled));
    }
    for (Path file : files) {
      RuleSource source;
      try {
        source = RuleSource.read(file);
      } catch (NoSuchFileException e) {
        continue; // deleted since the folder was listed: no longer part of the tree
      } catch (IOException e) {
        entries.add(Entry.done(RuleFile.notLoaded(file.toString(), null, null, RuleFile.Reason.UNREADABLE,
            "cannot read the file: " + e, 0, 0)));
        continue;
      }
      entries.add(parse(source, false, disabled));
    }
    List<String> warnings = new ArrayList<>();
    resolveVersions(entries, warnings);
    FieldSchema.Builder fields = previous == null ? FieldSchema.builder(types) : FieldSchema.extending(previous, types);
    List<CompiledRule> rules = new ArrayList<>();
    List<RuleFile> verdicts = new ArrayList<>(entries.size());
    for (Entry entry : entries) {
      if (entry.verdict == null) {
        try {
          CompiledRule rule = RuleCompiler.plan(entry.source, entry.definition, fields);
          rules.add(rule);
          entry.verdict = RuleFile.loaded(rule);
        } catch (RuleLoadException e) {
          entry.verdict = refused(e, entry.definition.ruleId(), entry.definition.name());
        } catch (RuntimeException e) {
          // A defect of the compiler on one query must not keep every other rule from running.
          entry.verdict = RuleFile.notLoaded(entry.source.origin(), entry.definition.ruleId(),
              entry.definition.name(), RuleFile.Reason.COMPILER_ERROR, "SeqWatch could not compile the query: " + e,
              0, 0);
        }
      }
      verdicts.add(entry.verdict);
    }
    return new RuleLoad(new RuleSet(rules, fields.build()), verdicts, warnings);
  }

  private static Entry parse(RuleSource source, boolean bundled, Set<String> disabled) {
    JsonNode root;
    try {
      root = RuleCompiler.readToml(source);
    } catch (RuleLoadException e) {
      return Entry.done(refused(e, null, null));
    }
    RuleDefinition definition;
    try {
      definition = RuleCompiler.definition(source, root);
    } catch (RuleLoadException e) {
      JsonNode rule = root.path("rule");
      return Entry.done(refused(e, rule.path("rule_id").asString(null), rule.path("name").asString(null)));
    }
    if (disabled.contains(definition.ruleId())) {
      return Entry.done(RuleFile.notLoaded(source.origin(), definition.ruleId(), definition.name(),
          RuleFile.Reason.DISABLED, "rule_id " + definition.ruleId() + " is in seqwatch.rules.disabled", 0, 0));
    }
    return new Entry(source, definition, RuleCompiler.declaredVersion(root), bundled);
  }

  /** Marks every file that loses to another file of its rule_id as superseded. */
  private static void resolveVersions(List<Entry> entries, List<String> warnings) {
    Map<String, List<Entry>> byId = new LinkedHashMap<>();
    for (Entry entry : entries) {
      if (entry.verdict == null) {
        byId.computeIfAbsent(entry.definition.ruleId(), id -> new ArrayList<>()).add(entry);
      }
    }
    for (List<Entry> same : byId.values()) {
      if (same.size() == 1) {
        continue;
      }
      Entry winner = null;
      for (Entry entry : same) {
        if (winner == null || beats(entry, winner)) {
          winner = entry;
        }
      }
      for (Entry loser : same) {
        if (loser == winner) {
          continue;
        }
        String why;
        if (loser.bundled) {
          why = "a file of seqwatch.rules.path replaces the bundled rule";
        } else if (sameVersion(loser, winner)) {
          why = "both have " + version(winner) + "; the first in path order wins";
          warnings.add("rule_id " + winner.definition.ruleId() + ": " + winner.source.origin() + " and "
              + loser.source.origin() + " both have " + version(winner) + "; using " + winner.source.origin());
        } else {
          why = version(winner) + " is higher than " + version(loser);
        }
        loser.verdict = RuleFile.notLoaded(loser.source.origin(), loser.definition.ruleId(), loser.definition.name(),
            RuleFile.Reason.SUPERSEDED, "superseded by " + winner.source.origin() + ": " + why, 0, 0);
      }
    }
  }

  /** Whether {@code entry}, later in path order than {@code best}, wins over it. */
  private static boolean beats(Entry entry, Entry best) {
    if (entry.bundled != best.bundled) {
      return best.bundled;
    }
    return entry.version != null && (best.version == null || entry.version > best.version);
  }

  private static boolean sameVersion(Entry one, Entry other) {
    return one.version == null ? other.version == null : one.version.equals(other.version);
  }

  private static String version(Entry entry) {
    return entry.version == null ? "no version" : "version " + entry.version;
  }

  private static RuleFile refused(RuleLoadException e, String ruleId, String name) {
    return RuleFile.notLoaded(e.origin(), ruleId, name, e.kind(), e.reason(), e.line(), e.column());
  }

  /** One file on its way through the load; its verdict is set once known. */
  private static final class Entry {
    final RuleSource source;
    final RuleDefinition definition;
    final Integer version;
    final boolean bundled;
    RuleFile verdict;

    Entry(RuleSource source, RuleDefinition definition, Integer version, boolean bundled) {
      this.source = source;
      this.definition = definition;
      this.version = version;
      this.bundled = bundled;
    }

    static Entry done(RuleFile verdict) {
      Entry entry = new Entry(null, null, null, false);
      entry.verdict = verdict;
      return entry;
    }
  }
}
