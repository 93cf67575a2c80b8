package dev.seqwatch;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;

/** Starts SeqWatch: the HTTP ingest, the detection engine behind it and the alert store. */
// Keys replace Boot's generated user and password (security/SecurityConfiguration).
@SpringBootApplication(exclude = UserDetailsServiceAutoConfiguration.class)
@ConfigurationPropertiesScan
public class SeqwatchApplication {

  public static void main(String[] args) {
    SpringApplication.run(SeqwatchApplication.class, args);
  }
}
