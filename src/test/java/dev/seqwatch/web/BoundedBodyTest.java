package dev.seqwatch.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class BoundedBodyTest {

  private final BodyBuffers buffers = new BodyBuffers(4, 1 << 22);

  @Test
  void aBodyOfDeclaredLengthIsReadIntoAKeptArrayAndGivenBackOnClose() throws IOException {
    byte[] content = bytes(1000);
    byte[] array;
    try (Body body = BoundedBody.read(new ByteArrayInputStream(content), null, content.length, 10_000, buffers)) {
      array = body.bytes();
      assertThat(body.length()).isEqualTo(1000);
      assertThat(Arrays.copyOf(body.bytes(), body.length())).isEqualTo(content);
    }
    try (Body next = BoundedBody.read(new ByteArrayInputStream(content), null, 10, 10_000, buffers)) {
      assertThat(next.bytes()).isSameAs(array);
      assertThat(next.length()).isEqualTo(10);
    }
  }

  @Test
  void aGzipBodyLongerThanOneChunkIsInflatedWhole() throws IOException {
    byte[] content = bytes(300_000);
    try (Body body = BoundedBody.read(new ByteArrayInputStream(gzip(content)), "gzip", -1, 1_000_000, buffers)) {
      assertThat(Arrays.copyOf(body.bytes(), body.length())).isEqualTo(content);
    }
  }

  @Test
  void aBodyOfUnknownLengthMayBeExactlyTheLimit() throws IOException {
    byte[] content = bytes(70_000);
    try (Body body = BoundedBody.read(new ByteArrayInputStream(content), "identity", -1, 70_000, buffers)) {
      assertThat(body.length()).isEqualTo(70_000);
    }
  }

  @Test
  void aBodyPastTheLimitIsRefusedAndItsArrayGoesBack() throws IOException {
    byte[] kept = buffers.take(1 << 20);
    buffers.give(kept);
    InputStream endless = new InputStream() {
      @Override
      public int read() {
        return 'x';
      }
    };

    assertThatThrownBy(() -> BoundedBody.read(endless, null, -1, 100_000, buffers))
        .isInstanceOf(BodyTooLargeException.class).hasMessageContaining("larger than 100000 bytes");
    assertThat(buffers.take(1 << 20)).isSameAs(kept);
  }

  @Test
  void aDeclaredLengthPastTheLimitIsRefusedBeforeReading() {
    assertThatThrownBy(() -> BoundedBody.read(new ByteArrayInputStream(new byte[0]), null, 2_000, 1_000, buffers))
        .isInstanceOf(BodyTooLargeException.class).hasMessageContaining("2000 bytes; at most 1000");
  }

  @Test
  void aBodyShorterThanDeclaredIsCorruptAndItsArrayGoesBack() throws IOException {
    byte[] kept = buffers.take(1 << 20);
    buffers.give(kept);

    assertThatThrownBy(() -> BoundedBody.read(new ByteArrayInputStream(bytes(10)), null, 500, 1_000, buffers))
        .isInstanceOf(CorruptBodyException.class).hasMessageContaining("after 10 of 500 bytes");
    assertThat(buffers.take(1 << 20)).isSameAs(kept);
  }

  @Test
  void aTruncatedGzipBodyIsCorrupt() throws IOException {
    byte[] zipped = gzip(bytes(100_000));
    byte[] truncated = Arrays.copyOf(zipped, zipped.length / 2);

    assertThatThrownBy(() -> BoundedBody.read(new ByteArrayInputStream(truncated), "gzip", -1, 1_000_000, buffers))
        .isInstanceOf(CorruptBodyException.class);
  }

  @Test
  void anUnknownEncodingIsRefused() {
    assertThatThrownBy(() -> BoundedBody.read(new ByteArrayInputStream(bytes(10)), "br", -1, 1_000, buffers))
        .isInstanceOf(UnsupportedContentEncodingException.class);
  }

  @Test
  void xGzipIsGzip() throws IOException {
    byte[] content = bytes(100_000);
    try (Body body = BoundedBody.read(new ByteArrayInputStream(gzip(content)), "x-gzip", -1, 1_000_000, buffers)) {
      assertThat(Arrays.copyOf(body.bytes(), body.length())).isEqualTo(content);
    }
  }

  private static byte[] bytes(int length) {
    byte[] bytes = new byte[length];
    new Random(length).nextBytes(bytes);
    return bytes;
  }

  private static byte[] gzip(byte[] content) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
      zip.write(content);
    }
    return out.toByteArray();
  }
}
