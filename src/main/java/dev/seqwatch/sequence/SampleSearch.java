package dev.seqwatch.sequence;

import dev.seqwatch.event.Event;
import dev.seqwatch.plan.QueryPlan.SampleFilter;
import dev.seqwatch.plan.QueryPlan.SamplePlan;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a sample over a fixed set of events the way Elasticsearch's {@code _eql/search} does: the
 * answer of {@code POST /api/v1/eql/search} for a {@code sample} query. Stateless; the streaming
 * meaning for rules is {@link SampleMatcher}'s.
 *
 * <p>Elasticsearch ({@code execution.sample.SampleIterator}, {@code SampleQueryRequest}):
 * <ol>
 *   <li>the keys are the composite-aggregation buckets of every filter's matching events, taken
 *       filter after filter, each restricted to the keys of the one before: the keys under which
 *       every filter has a matching event ({@link SampleKey});
 *   <li>keys are visited in ascending order ({@link SampleKey#compareTo});
 *   <li>for each key, each filter asks for its first {@code filters + max_samples_per_key - 1}
 *       matching events with no sort, so in indexing order: here, the order of the request;
 *   <li>{@code matchSamples} walks those lists depth first, filter by filter, and keeps every
 *       combination of distinct events, one per filter, until it has {@code max_samples_per_key};
 *   <li>samples are collected until there are {@code size} of them.
 * </ol>
 * One event may match several filters but serves only one of them in a sample. Samples have no
 * maxspan and no order between their events.
 */
public final class SampleSearch {

  private SampleSearch() {
  }

  /**
   * The samples of {@code events}, in Elasticsearch's order.
   *
   * @param events in indexing (request) order
   * @param maxSamplesPerKey at least 1
   * @param size the most samples returned; 0 returns none
   */
  public static List<SampleMatch> search(SamplePlan plan, List<Event> events, int maxSamplesPerKey, int size) {
    if (maxSamplesPerKey < 1 || size < 0) {
      throw new IllegalArgumentException("max_samples_per_key must be positive and size not negative");
    }
    List<SampleFilter> filters = plan.filters();
    long perFilter = filters.size() + (long) maxSamplesPerKey - 1;
    Map<SampleKey, List<List<Event>>> candidates = new HashMap<>();
    for (Event event : events) {
      Object[] values = event.values();
      for (int f = 0; f < filters.size(); f++) {
        SampleFilter filter = filters.get(f);
        if (!filter.predicate().test(values)) {
          continue;
        }
        for (SampleKey key : SampleKey.of(filter, values)) {
          List<Event> hits = candidates.computeIfAbsent(key, k -> emptyLists(filters.size())).get(f);
          if (hits.size() < perFilter) {
            hits.add(event);
          }
        }
      }
    }
    List<SampleKey> keys = new ArrayList<>();
    candidates.forEach((key, lists) -> {
      if (lists.stream().noneMatch(List::isEmpty)) {
        keys.add(key);
      }
    });
    keys.sort(null);
    List<SampleMatch> samples = new ArrayList<>();
    for (SampleKey key : keys) {
      if (samples.size() == size) {
        break;
      }
      // Taking fewer than max_samples_per_key when fewer are still wanted changes no answer: the
      // walk finds them in the same order either way.
      int wanted = Math.min(maxSamplesPerKey, size - samples.size());
      for (List<Event> chosen : distinctCombinations(candidates.get(key), wanted)) {
        samples.add(new SampleMatch(key.asList(), chosen));
      }
    }
    return samples;
  }

  /** The same document, not an equal one: two identical documents are two events. */
  private static boolean containsSame(List<Event> events, Event event) {
    for (Event each : events) {
      if (each == event) {
        return true;
      }
    }
    return false;
  }

  private static List<List<Event>> emptyLists(int count) {
    List<List<Event>> lists = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      lists.add(new ArrayList<>(1));
    }
    return lists;
  }

  /**
   * Up to {@code limit} ways to pick one event from each list, no event twice, in depth-first
   * order: Elasticsearch's {@code SampleIterator.matchSamples}.
   */
  static List<List<Event>> distinctCombinations(List<List<Event>> lists, int limit) {
    List<List<Event>> found = new ArrayList<>();
    pick(lists, 0, new ArrayList<>(lists.size()), found, limit);
    return found;
  }

  private static void pick(List<List<Event>> lists, int depth, List<Event> partial, List<List<Event>> found,
      int limit) {
    for (Event event : lists.get(depth)) {
      if (found.size() == limit) {
        return;
      }
      if (containsSame(partial, event)) {
        continue;
      }
      partial.add(event);
      if (depth == lists.size() - 1) {
        found.add(List.copyOf(partial));
      } else {
        pick(lists, depth + 1, partial, found, limit);
      }
      partial.remove(partial.size() - 1);
    }
  }
}
