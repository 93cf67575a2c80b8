package dev.seqwatch.web;

import dev.seqwatch.config.SeqwatchProperties;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * How much of a request body one read from the socket may take ({@code
 * seqwatch.ingest.socket-read-buffer}). Tomcat reads a body into its input buffer, its header
 * space plus {@code socket.appReadBufSize} (8 KiB by default), so a batch of a thousand Defend
 * events (about 3 MB) took some 360 {@code read} calls of 8 KiB, each a trip through the kernel and
 * a copy through a temporary direct buffer: in a profile of the server with Elastic's whole rule
 * set, reading bodies off the socket was 8 % of the request threads' samples. At 128 KiB the same
 * body takes about twenty reads, and the request threads spent about 2 µs less per event, half of
 * it in the kernel; at 64 KiB, about forty reads and a third of a microsecond more in the kernel
 * (docs/benchmarks.md).
 *
 * <p>Memory: Tomcat gives every open connection a read buffer of this size for as long as it is
 * open, idle keep-alive connections included: 128 MiB of heap for a thousand shipper connections.
 * Where many thousands of agents keep connections open, lower the setting; the body itself is
 * bounded elsewhere ({@code seqwatch.ingest.max-body-size}).
 */
@Configuration(proxyBeanMethods = false)
class SocketReads {

  @Bean
  TomcatConnectorCustomizer socketReadBuffer(SeqwatchProperties properties) {
    String bytes = Long.toString(properties.ingest().socketReadBuffer().toBytes());
    return connector -> connector.setProperty("socket.appReadBufSize", bytes);
  }
}
