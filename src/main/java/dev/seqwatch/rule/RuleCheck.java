package dev.seqwatch.rule;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code check-rules}: loads rule folders exactly as the server would and prints every file's
 * verdict and the summary, without starting a server or touching the data directory. For CI of a
 * rules repository. Exit status: 0 when nothing failed, 1 when a rule failed (with {@code --strict},
 * also when one uses an EQL construct not supported yet), 2 for a usage error or a folder that does
 * not exist.
 */
public final class RuleCheck {

  public static final String COMMAND = "check-rules";

  private static final String USAGE = """
      usage: java -jar seqwatch.jar check-rules [--strict] [--without-bundled] [--disabled ID[,ID...]] FOLDER...
        --strict           also fail on rules with an EQL construct not supported yet
        --without-bundled  leave out the bundled rule (seqwatch.rules.include-bundled=false)
        --disabled IDS     skip these rule ids (seqwatch.rules.disabled)""";

  private RuleCheck() {
  }

  /** Runs the check; returns the exit status. */
  public static int run(List<String> args, PrintStream out, PrintStream err) {
    boolean strict = false;
    boolean bundled = true;
    Set<String> disabled = new HashSet<>();
    List<Path> roots = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      switch (arg) {
        case "--strict" -> strict = true;
        case "--without-bundled" -> bundled = false;
        case "--disabled" -> {
          if (i + 1 == args.size()) {
            err.println(USAGE);
            return 2;
          }
          for (String id : args.get(++i).split(",")) {
            if (!id.isBlank()) {
              disabled.add(id.trim());
            }
          }
        }
        default -> {
          if (arg.startsWith("-")) {
            err.println("unknown option " + arg);
            err.println(USAGE);
            return 2;
          }
          roots.add(Path.of(arg));
        }
      }
    }
    if (roots.isEmpty()) {
      err.println(USAGE);
      return 2;
    }
    List<Path> files;
    try {
      files = RuleSource.find(roots);
    } catch (RuleLoadException e) {
      err.println(e.getMessage());
      return 2;
    }
    RuleLoad load = RuleLoader.load(bundled ? RuleSource.bundled() : null, files, disabled, null);
    load.files().forEach(file -> out.println(file.describe()));
    load.warnings().forEach(warning -> out.println("WARNING " + warning));
    out.println(load.summary());
    boolean failed = load.summary().failed() > 0;
    boolean unsupported = load.files().stream().anyMatch(file -> file.reason() == RuleFile.Reason.UNSUPPORTED_EQL);
    return failed || (strict && unsupported) ? 1 : 0;
  }

  public static void main(String[] args) {
    System.exit(run(List.of(args), System.out, System.err));
  }
}
