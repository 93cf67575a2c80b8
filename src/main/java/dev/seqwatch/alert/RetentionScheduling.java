package dev.seqwatch.alert;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Runs {@link AlertRetention} in the background, on Spring's scheduler thread. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class RetentionScheduling {
}
