package dev.seqwatch;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Starts SeqWatch: the HTTP ingest, the detection engine behind it and the alert store. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class SeqwatchApplication {

  public static void main(String[] args) {
    SpringApplication.run(SeqwatchApplication.class, args);
  }
}
