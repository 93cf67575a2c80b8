package dev.seqwatch.rule;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The text of one rule file and where it came from, for error messages. */
public record RuleSource(String origin, String text) {

  /** The rule shipped inside SeqWatch. */
  public static final String BUNDLED = "rules/potential_reverse_shell_via_suspicious_binary.toml";

  /** The bundled default rule, read from the classpath. */
  public static RuleSource bundled() {
    try (InputStream in = RuleSource.class.getClassLoader().getResourceAsStream(BUNDLED)) {
      if (in == null) {
        throw new IllegalStateException("the bundled rule " + BUNDLED + " is missing from the build");
      }
      return new RuleSource("classpath:" + BUNDLED, new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every {@code *.toml} file directly in {@code directory}, in name order. */
  public static List<RuleSource> fromDirectory(Path directory) {
    if (!Files.isDirectory(directory)) {
      throw new RuleLoadException(directory.toString(), 0, 0, "rules path is not a directory");
    }
    List<RuleSource> sources = new ArrayList<>();
    try (Stream<Path> files = Files.list(directory)) {
      for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".toml")).sorted().toList()) {
        sources.add(new RuleSource(file.toString(), Files.readString(file, StandardCharsets.UTF_8)));
      }
    } catch (IOException e) {
      throw new RuleLoadException(directory.toString(), 0, 0, "cannot read rules: " + e.getMessage());
    }
    return sources;
  }
}
