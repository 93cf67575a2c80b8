package dev.seqwatch.web;

import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Tomcat's connector, sized for ingest: event batches are megabytes (1,000 Defend events are about
 * 2.7 MB), and Tomcat reads a body from the socket one application read buffer at a time, 8 KiB by
 * default: some 330 {@code read} system calls for one batch, about a tenth of a request thread's
 * CPU in the profile (docs/benchmarks.md, "Where the server's CPU goes"). With 64 KiB that is
 * about 40. The buffer is per connection, so the heap that open connections can hold grows with
 * it: at Tomcat's default of 8,192 connections at most 512 MiB instead of 64 MiB.
 */
@Configuration(proxyBeanMethods = false)
class ConnectorConfiguration {

  static final int READ_BUFFER_BYTES = 64 * 1024;

  @Bean
  TomcatConnectorCustomizer largeReadBuffer() {
    return connector -> connector.setProperty("socket.appReadBufSize", Integer.toString(READ_BUFFER_BYTES));
  }
}
