package dev.seqwatch.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class BodyBuffersTest {

  @Test
  void aNewArrayIsRoundedUpSoThatALongerBodyOfAboutTheSameSizeFits() {
    BodyBuffers buffers = new BodyBuffers(2, 1 << 20);

    assertThat(buffers.take(1)).hasSize(64 * 1024);
    assertThat(buffers.take(64 * 1024 + 1)).hasSize(128 * 1024);
  }

  @Test
  void anArrayGivenBackServesTheNextBodyItIsLongEnoughFor() {
    BodyBuffers buffers = new BodyBuffers(2, 1 << 20);
    byte[] first = buffers.take(100_000);
    buffers.give(first);

    assertThat(buffers.take(200_000)).isNotSameAs(first);
    assertThat(buffers.take(50_000)).isSameAs(first);
    assertThat(buffers.take(50_000)).isNotSameAs(first);
  }

  @Test
  void keepsNoMoreArraysThanItHasSlots() {
    BodyBuffers buffers = new BodyBuffers(2, 1 << 20);
    byte[] a = buffers.take(10);
    byte[] b = buffers.take(10);
    byte[] c = buffers.take(10);
    buffers.give(a);
    buffers.give(b);
    buffers.give(c);

    List<byte[]> taken = List.of(buffers.take(10), buffers.take(10), buffers.take(10));

    // By identity: AssertJ compares arrays by content, and all three are zeros.
    assertThat(taken.stream().filter(x -> x == a || x == b)).hasSize(2);
    assertThat(taken.stream().filter(x -> x == c)).isEmpty();
  }

  @Test
  void aLongerArrayGivenToFullSlotsDisplacesTheShortest() {
    BodyBuffers buffers = new BodyBuffers(2, 1 << 20);
    byte[] small = buffers.take(10);
    byte[] medium = buffers.take(100_000);
    byte[] large = buffers.take(500_000);
    byte[] tiny = buffers.take(10);
    buffers.give(small);
    buffers.give(medium);
    buffers.give(large);
    buffers.give(tiny);

    assertThat(buffers.take(400_000)).isSameAs(large);
    assertThat(buffers.take(90_000)).isSameAs(medium);
    assertThat(buffers.take(10)).isNotSameAs(small).isNotSameAs(tiny);
  }

  @Test
  void neverKeepsAnArrayLongerThanItsLargest() {
    BodyBuffers buffers = new BodyBuffers(2, 64 * 1024);
    byte[] large = buffers.take(64 * 1024 + 1);
    buffers.give(large);

    assertThat(buffers.take(10)).isNotSameAs(large);
  }

  @Test
  void aBodyClosedTwiceGivesItsArrayBackOnce() {
    BodyBuffers buffers = new BodyBuffers(2, 1 << 20);
    byte[] array = buffers.take(10);
    Body body = new Body(array, 10, buffers);
    body.close();
    body.close();

    assertThat(buffers.take(10)).isSameAs(array);
    assertThat(buffers.take(10)).isNotSameAs(array);
  }
}
