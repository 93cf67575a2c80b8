package dev.seqwatch.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seqwatch.alert.Alert;
import dev.seqwatch.alert.AlertStore;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Two batches' transactions store the same alert at once, as two requests carrying the same
 * redelivered chain do: the second waits on the first's uncommitted row and then fails to insert it.
 * It must report that alert as a duplicate and still commit its other alerts, on every database:
 * PostgreSQL aborts a transaction at its first error, H2 only the failed statement.
 */
public final class RacingInserts {

  private RacingInserts() {
  }

  public static void theLaterTransactionKeepsItsOtherAlerts(AlertStore store, Alert template) throws Exception {
    Alert shared = withId(template, "race-shared");
    Alert other = withId(template, "race-other");
    CountDownLatch firstInserted = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      Future<Boolean> first = threads.submit(() -> store.inOneCommit(() -> {
        boolean isNew = store.insertIfAbsent(shared);
        firstInserted.countDown();
        awaitQuietly(release);
        return isNew;
      }));
      assertThat(firstInserted.await(10, TimeUnit.SECONDS)).isTrue();
      Future<List<Boolean>> second = threads.submit(() -> store.inOneCommit(
          () -> List.of(store.insertIfAbsent(shared), store.insertIfAbsent(other))));
      Thread.sleep(300); // long enough for the second insert to wait on the first's row
      release.countDown();

      assertThat(first.get(10, TimeUnit.SECONDS)).isTrue();
      assertThat(second.get(10, TimeUnit.SECONDS)).containsExactly(false, true);
      assertThat(store.find(shared.id())).isPresent();
      assertThat(store.find(other.id())).isPresent();
    } finally {
      threads.shutdownNow();
    }
  }

  private static Alert withId(Alert template, String id) {
    return new Alert(id, null, template.rule(), template.joinKeys(), template.firstEventAt(), template.lastEventAt(),
        template.detectedAt(), template.reason(), null, null, template.events());
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
