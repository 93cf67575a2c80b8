package dev.seqwatch.sequence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seqwatch.event.Event;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The guarantee of semantics §10.2 for out-of-order delivery, beyond "every expected chain once":
 * a chain that is not in the sorted pass was reported before a late event rearranged it, so a
 * later detection names it in {@code revises}; and every {@code revises} names an alert reported
 * before.
 */
final class RevisionCheck {

  private RevisionCheck() {
  }

  static void assertExtrasAreRevised(List<Detection> detections, List<List<String>> sortedPass) {
    Set<String> reportedSoFar = new HashSet<>();
    for (Detection detection : detections) {
      assertThat(reportedSoFar).as("revised alerts were reported earlier").containsAll(detection.revises());
      reportedSoFar.add(detection.id());
    }
    for (int i = 0; i < detections.size(); i++) {
      Detection detection = detections.get(i);
      List<String> chain = detection.events().stream().map(Event::id).toList();
      if (sortedPass.contains(chain)) {
        continue;
      }
      boolean revisedLater = detections.subList(i + 1, detections.size()).stream()
          .anyMatch(later -> later.revises().contains(detection.id()));
      assertThat(revisedLater).as("extra chain %s is revised by a later detection", chain).isTrue();
    }
  }
}
