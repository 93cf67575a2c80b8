package dev.seqwatch.ruleset;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.seqwatch.rule.CompiledRule;
import dev.seqwatch.rule.RuleDefinition;
import dev.seqwatch.rule.RuleFile;
import dev.seqwatch.rule.RuleLoad;
import dev.seqwatch.rule.RuleLoadException;
import dev.seqwatch.sequence.Discard;
import dev.seqwatch.sequence.Partitioning;
import dev.seqwatch.sequence.RuleStats;
import dev.seqwatch.web.BadParameterException;
import dev.seqwatch.web.NotFoundException;
import dev.seqwatch.web.Problems;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The rules: those loaded, with their metadata and query text as their files give them; every
 * file of the rule tree with its verdict; and the reload.
 */
@RestController
@Tag(name = "Rules", description = "The detection rules SeqWatch runs")
class RulesController {

  private final ActiveRules active;
  private final RuleSetService service;

  RulesController(ActiveRules active, RuleSetService service) {
    this.active = active;
    this.service = service;
  }

  /**
   * A loaded rule, the file it came from and how its work is partitioned over instances
   * (docs/scaling.md).
   */
  record LoadedRule(RuleDefinition rule, String origin, PartitioningView partitioning) {
  }

  /**
   * @param kind host_local (its chains lie on one host), by_key (candidates partitioned again by
   *     {@code keys}) or single (no join key: one partition)
   * @param keys the rule's join-key fields (of its first stage), empty without join keys
   */
  record PartitioningView(String kind, List<String> keys) {
  }

  /**
   * One file of the rule tree and its verdict.
   *
   * @param reason why it is not loaded: not_eql, deprecated, disabled, superseded, unsupported_eql
   *     (skipped); malformed_toml, malformed_eql, invalid_rule, unreadable, compiler_error (failed)
   * @param line 1-based line in the file of the problem, absent when it has no single place
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record FileVerdict(String origin, @JsonProperty("rule_id") String ruleId, String name, String status,
      String reason, String message, Integer line, Integer column) {
  }

  /**
   * The verdict counts of the rule set a reload put in place.
   *
   * @param skipped by reason
   * @param droppedStates correlation states of removed or changed rules the reload let go of
   */
  record ReloadSummary(int loaded, Map<String, Integer> skipped, int failed, List<String> warnings,
      @JsonProperty("dropped_states") long droppedStates) {
  }

  @GetMapping("/api/v1/rules")
  @Operation(summary = "Every loaded rule")
  List<LoadedRule> list() {
    return active.current().rules().rules().stream().map(RulesController::view).toList();
  }

  @GetMapping("/api/v1/rules/{id}")
  @Operation(summary = "One loaded rule by rule_id")
  LoadedRule one(@PathVariable String id) {
    return active.current().rules().rules().stream().filter(rule -> rule.id().equals(id)).findFirst()
        .map(RulesController::view)
        .orElseThrow(() -> new NotFoundException("no loaded rule has rule_id " + id));
  }

  @GetMapping("/api/v1/rules/files")
  @Operation(summary = "Every rule file with its verdict: loaded, skipped or failed, and why",
      description = "Files in the order they were loaded, the bundled rule first.")
  List<FileVerdict> files(@Parameter(description = "only files with this status: loaded, skipped or failed")
      @RequestParam(required = false) String status) {
    RuleFile.Status wanted = status == null ? null : status(status);
    return active.current().load().files().stream()
        .filter(file -> wanted == null || file.status() == wanted)
        .map(RulesController::view).toList();
  }

  /**
   * What one loaded rule costs and finds, since start (counters of a rule id survive reloads).
   *
   * @param conditionsTested how often one of the rule's conditions was evaluated on an event, after
   *     the stage index let the event through: what drives the rule's share of matching's CPU
   * @param stageMatches events that matched each stage, in stage order
   * @param keys join-key values with correlation state now (approximate)
   * @param bytes approximate memory of that state
   * @param alerts detections the engine reported for the rule (revisions and repeats included)
   * @param discards events or partials let go of, by reason, only reasons with a count
   */
  record RuleCost(@JsonProperty("rule_id") String ruleId,
      @JsonProperty("conditions_tested") long conditionsTested,
      @JsonProperty("stage_matches") List<Long> stageMatches,
      long keys, long bytes, long alerts, Map<String, Long> discards) {
  }

  @GetMapping("/api/v1/rules/stats")
  @Operation(summary = "Per loaded rule: conditions tested, stage matches, keys and memory of its state,"
      + " detections, discards",
      description = "So an operator sees which rule costs what. The same counters are exported as "
          + "seqwatch_engine_rule_* meters.")
  List<RuleCost> stats() {
    ActiveRules.Snapshot now = active.current();
    List<RuleCost> costs = new ArrayList<>();
    for (CompiledRule rule : now.rules().rules()) {
      RuleStats stats = now.engine().stats().rule(rule.id());
      if (stats == null) {
        continue;
      }
      List<Long> matches = new ArrayList<>();
      for (int stage = 0; stage < stats.stages(); stage++) {
        matches.add(stats.stageMatches(stage));
      }
      Map<String, Long> discards = new LinkedHashMap<>();
      for (Discard reason : Discard.values()) {
        long count = stats.discarded(reason);
        if (count > 0) {
          discards.put(reason.name().toLowerCase(Locale.ROOT), count);
        }
      }
      costs.add(new RuleCost(rule.id(), stats.conditionsTested(), matches, stats.keys(), stats.bytes(),
          stats.alerts(), discards));
    }
    return costs;
  }

  @PostMapping("/api/v1/rules/_reload")
  @Operation(summary = "Load the rule tree again and run it from now on (admin)",
      description = "Rules whose definition did not change keep their correlation state. Under"
          + " seqwatch.rules.strict, a set with failed or unsupported rules is refused (422) and the running"
          + " set is kept; a reload while another runs is refused (409).")
  @ApiResponse(responseCode = "200", description = "The new set runs; its verdict counts",
      content = @Content(schema = @Schema(implementation = ReloadSummary.class)))
  @ApiResponse(responseCode = "409", description = "Another reload is running; the running set is kept",
      content = @Content(mediaType = "application/problem+json"))
  @ApiResponse(responseCode = "422", description = "Strict mode refuses the new set (the refused files are in"
      + " `files`), or a rules path cannot be read; the running set is kept",
      content = @Content(mediaType = "application/problem+json"))
  ReloadSummary reload() {
    RuleSetService.Reloaded reloaded = service.reload();
    RuleLoad.Summary summary = reloaded.load().summary();
    Map<String, Integer> skipped = new LinkedHashMap<>();
    summary.skipped().entrySet().stream().sorted(Map.Entry.comparingByKey())
        .forEach(entry -> skipped.put(entry.getKey().label(), entry.getValue()));
    return new ReloadSummary(summary.loaded(), skipped, summary.failed(), reloaded.load().warnings(),
        reloaded.droppedStates());
  }

  @ExceptionHandler
  ProblemDetail refused(RulesRefusedException e) {
    ProblemDetail problem = Problems.of(HttpStatus.UNPROCESSABLE_CONTENT, "rules-refused",
        "Rules refused by strict mode", e.getMessage() + "; the running rules are kept");
    problem.setProperty("files", e.refused().stream().map(RulesController::view).toList());
    return problem;
  }

  @ExceptionHandler
  ProblemDetail unreadableTree(RuleLoadException e) {
    return Problems.of(HttpStatus.UNPROCESSABLE_CONTENT, "rules-unreadable", "Rules path cannot be read",
        e.getMessage() + "; the running rules are kept");
  }

  @ExceptionHandler
  ProblemDetail busy(ReloadInProgressException e) {
    return Problems.of(HttpStatus.CONFLICT, "reload-in-progress", "A reload is running", e.getMessage());
  }

  private static RuleFile.Status status(String text) {
    return Arrays.stream(RuleFile.Status.values()).filter(s -> s.label().equals(text.toLowerCase(Locale.ROOT)))
        .findFirst().orElseThrow(() -> new BadParameterException("status",
            "status must be one of loaded, skipped, failed but is '" + text + "'"));
  }

  private static LoadedRule view(CompiledRule rule) {
    Partitioning partitioning = Partitioning.of(rule);
    return new LoadedRule(rule.definition(), rule.origin(),
        new PartitioningView(partitioning.kind().label(), partitioning.keys()));
  }

  private static FileVerdict view(RuleFile file) {
    return new FileVerdict(file.origin(), file.ruleId(), file.name(), file.status().label(),
        file.reason() == null ? null : file.reason().label(), file.message(),
        file.line() > 0 ? file.line() : null, file.line() > 0 ? file.column() : null);
  }
}
