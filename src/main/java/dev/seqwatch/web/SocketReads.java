package dev.seqwatch.web;

import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * How much of a request body one read from the socket may take. Tomcat reads a body into its
 * input buffer, its header space plus {@code socket.appReadBufSize} (8 KiB by default), so a batch
 * of a thousand Defend events (about 3 MB) took some 360 {@code read} calls of 8 KiB, each a trip
 * through the kernel and a copy through a temporary direct buffer: in a profile of the server with
 * Elastic's whole rule set, reading bodies off the socket was 8 % of the request threads' samples.
 * At {@value #READ_BUFFER_BYTES} bytes, a read takes whatever the socket holds up to that, and the
 * same body takes about twenty; the request threads spent about 2 µs less per event, half in the
 * kernel (docs/benchmarks.md).
 *
 * <p>Memory: each open connection keeps one such buffer while it is in use; Tomcat pools idle ones
 * ({@code socket.bufferPool}). The body itself is bounded elsewhere ({@code
 * seqwatch.ingest.max-body-size}), and a slow client only fills the buffer as fast as it sends.
 */
@Configuration(proxyBeanMethods = false)
public class SocketReads {

  public static final int READ_BUFFER_BYTES = 128 * 1024;

  @Bean
  TomcatConnectorCustomizer largerSocketReads() {
    return connector -> connector.setProperty("socket.appReadBufSize", Integer.toString(READ_BUFFER_BYTES));
  }
}
