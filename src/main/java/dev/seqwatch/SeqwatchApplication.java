package dev.seqwatch;

import dev.seqwatch.rule.RuleCheck;
import java.util.List;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;

/** Starts SeqWatch: the HTTP ingest, the detection engine behind it and the alert store. */
// Keys replace Boot's generated user and password (security/SecurityConfiguration).
@SpringBootApplication(exclude = UserDetailsServiceAutoConfiguration.class)
@ConfigurationPropertiesScan
public class SeqwatchApplication {

  /**
   * Starts the server, or, with {@code check-rules} as the first argument, only checks rule folders
   * and exits: no Spring context, no server, no data directory.
   */
  public static void main(String[] args) {
    if (args.length > 0 && args[0].equals(RuleCheck.COMMAND)) {
      System.exit(RuleCheck.run(List.of(args).subList(1, args.length), System.out, System.err));
    }
    SpringApplication.run(SeqwatchApplication.class, args);
  }
}
