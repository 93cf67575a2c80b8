package dev.seqwatch.sequence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seqwatch.plan.QueryPlan.SequencePlan;
import dev.seqwatch.rule.CompiledRule;
import dev.seqwatch.rule.RuleSet;
import dev.seqwatch.testing.Engines;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * The orphan log against a plain list of what it was given: whatever the order of appends, takes,
 * expiries and clears, a take hands over exactly the key's entries still held, in the order they
 * were written, however the ring grew or shrank and whichever keys share a hash (each pair of the
 * keys here does: "Aa" and "BB" hash alike, as Java's strings do).
 */
class OrphanLogProperties {

  private static final String[] VALUES = {"Aa", "BB", "AaAa", "BBBB", "AaBB", "BBAa"};
  private static final long TTL = 100;
  private static final SequenceRule RULE = rule();
  private static final RuleSet EVENTS = Engines.ruleOf("network where true");

  private static SequenceRule rule() {
    CompiledRule compiled = Engines.ruleOf("sequence by host.id with maxspan=1m [process where true] "
        + "[network where true]").rules().get(0);
    return new SequenceRule(compiled, (SequencePlan) compiled.plan(), CorrelationSettings.DEFAULTS,
        new EngineStats(List.of(compiled)));
  }

  /**
   * One step: append (a key's entry, a time entry when {@code time}), take a key, expire, let go of
   * the oldest entries (at least {@code key} times 150 bytes of them), or clear.
   */
  record Step(int kind, int key, boolean time, int advance) {
  }

  /** What the model holds of one entry. */
  record Entry(int key, long stamp, long writtenAt, Candidate candidate) {
  }

  @Provide
  Arbitrary<List<Step>> steps() {
    Arbitrary<Step> step = Combinators.combine(
        Arbitraries.integers().between(0, 10), Arbitraries.integers().between(0, VALUES.length - 1),
        Arbitraries.of(true, false), advances()).as((kind, key, time, advance) ->
            new Step(kind < 6 ? 0 : kind < 8 ? 1 : kind < 9 ? 2 : kind < 10 ? 4 : 3, key, time, advance));
    return step.list().ofMaxSize(400);
  }

  /** Mostly small steps of the clock, so that the ring fills and grows, and now and then a leap. */
  private static Arbitrary<Integer> advances() {
    return Arbitraries.frequencyOf(Tuple.of(20, Arbitraries.integers().between(0, 3)),
        Tuple.of(1, Arbitraries.integers().between(50, 150)));
  }

  @Property(tries = 300)
  void aTakeHandsOverExactlyTheKeysEntriesStillHeldInTheOrderWritten(@ForAll("steps") List<Step> steps) {
    OrphanLog log = new OrphanLog();
    List<Entry> model = new ArrayList<>();
    long now = 0;
    long stamp = 0;
    for (Step step : steps) {
      now += step.advance();
      switch (step.kind()) {
        case 0 -> {
          stamp++;
          Candidate candidate = step.time() ? null : candidate(stamp);
          log.append(key(step.key()), candidate, stamp, step.time() ? 2 : 0, now);
          model.add(new Entry(step.key(), stamp, now, candidate));
        }
        case 1 -> {
          List<Object> taken = new ArrayList<>();
          OrphanLog.Left left = log.take(key(step.key()), new OrphanLog.Taken() {
            @Override
            public void candidate(Candidate candidate) {
              taken.add(candidate);
            }

            @Override
            public void time(long timestamp, long stages) {
              assertThat(stages).isEqualTo(2);
              taken.add(timestamp);
            }
          });
          List<Object> expected = new ArrayList<>();
          long bytes = 0;
          for (Entry entry : model) {
            if (entry.key() == step.key()) {
              expected.add(entry.candidate() != null ? entry.candidate() : (Object) entry.stamp());
              bytes += entry.candidate() != null ? entry.candidate().weight() : 0;
            }
          }
          assertThat(taken).containsExactlyElementsOf(expected);
          assertThat(left.entries()).isEqualTo(expected.size());
          assertThat(left.candidateBytes()).isEqualTo(bytes);
          model.removeIf(entry -> entry.key() == step.key());
        }
        case 2 -> {
          long at = now;
          int due = (int) model.stream().filter(entry -> at - entry.writtenAt() >= TTL).count();
          assertThat(log.expire(now, TTL).entries()).isEqualTo(due);
          model.removeIf(entry -> at - entry.writtenAt() >= TTL);
        }
        case 4 -> {
          long bytes = step.key() * 150L;
          int oldest = 0;
          long weighed = 0;
          long candidateBytes = 0;
          while (oldest < model.size() && weighed < bytes) {
            Candidate candidate = model.get(oldest++).candidate();
            long weight = candidate != null ? candidate.weight() : 0;
            weighed += 100 + weight;
            candidateBytes += weight;
          }
          OrphanLog.Left dropped = log.dropOldest(bytes, 100);
          assertThat(dropped.entries()).isEqualTo(oldest);
          assertThat(dropped.candidateBytes()).isEqualTo(candidateBytes);
          model.subList(0, oldest).clear();
        }
        default -> {
          assertThat(log.clear().entries()).isEqualTo(model.size());
          model.clear();
        }
      }
      assertThat(log.size()).isEqualTo(model.size());
    }
  }

  private static CorrelationKey key(int index) {
    return new CorrelationKey(RULE, new Object[] {VALUES[index]});
  }

  private static Candidate candidate(long stamp) {
    String document = "{\"@timestamp\":\"" + Instant.ofEpochMilli(stamp) + "\",\"event\":{\"category\":\"network\"}}";
    return new Candidate(Engines.read(EVENTS, List.of(document)).get(0), stamp, 2, null, false, (int) stamp);
  }
}
