package dev.seqwatch.bench;

import dev.seqwatch.rule.RuleCompiler;
import dev.seqwatch.rule.RuleLoadException;
import dev.seqwatch.rule.RuleSet;
import dev.seqwatch.rule.RuleSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The bundled rule plus every rule of a folder tree (such as a detection-rules checkout) that
 * compiles, for the benchmarks. Each file is compiled on its own first and skipped if it fails
 * (deprecated maturity, another rule type, a construct not supported yet, a rule_id already
 * taken, the bundled rule's included); the survivors are then compiled together so they share one field schema.
 */
public final class RulesFolder {

  private RulesFolder() {
  }

  /**
   * {@code RulesFolder <tree> <folder>}: copies every rule file of the tree that compiles on its
   * own, flat, into {@code folder} (outside the repository), for a server whose loader still stops
   * at the first rule it cannot compile: {@code --seqwatch.rules.path=<folder>}.
   */
  public static void main(String[] args) throws IOException {
    Path target = Files.createDirectories(Path.of(args[1]));
    Set<String> ids = new HashSet<>(List.of(RuleCompiler.compile(List.of(RuleSource.bundled())).rules().get(0).id()));
    int copied = 0;
    for (RuleSource source : tree(Path.of(args[0]))) {
      if (loadable(source, ids)) {
        Path file = Path.of(source.origin());
        Files.writeString(target.resolve(file.getParent().getFileName() + "_" + file.getFileName()), source.text());
        copied++;
      }
    }
    System.out.printf("%d rule files copied to %s%n", copied, target);
  }

  /** Whether the file compiles on its own, is not deprecated, and has an id not taken yet. */
  private static boolean loadable(RuleSource source, Set<String> ids) {
    if (source.text().contains("maturity = \"deprecated\"")) {
      return false;
    }
    try {
      return ids.add(RuleCompiler.compile(List.of(source)).rules().get(0).id());
    } catch (RuleLoadException e) {
      return false;
    }
  }

  /** The bundled rule alone when {@code folder} is {@code bundled}, else with the folder's rules. */
  public static RuleSet load(String folder) {
    List<RuleSource> sources = new ArrayList<>(List.of(RuleSource.bundled()));
    if (folder.equals("bundled")) {
      return RuleCompiler.compile(sources);
    }
    Set<String> ids = new HashSet<>(List.of(RuleCompiler.compile(sources).rules().get(0).id()));
    int skipped = 0;
    for (RuleSource source : tree(Path.of(folder))) {
      if (loadable(source, ids)) {
        sources.add(source);
      } else {
        skipped++;
      }
    }
    RuleSet rules = RuleCompiler.compile(sources);
    System.out.printf("%n[rules] %s: %d loaded (bundled included), %d files skipped%n", folder,
        rules.rules().size(), skipped);
    return rules;
  }

  private static List<RuleSource> tree(Path root) {
    try (Stream<Path> files = Files.walk(root)) {
      List<RuleSource> sources = new ArrayList<>();
      for (Path file : files.filter(f -> f.toString().endsWith(".toml")).sorted().toList()) {
        sources.add(new RuleSource(file.toString(), Files.readString(file, StandardCharsets.UTF_8)));
      }
      return sources;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
