package dev.seqwatch.web;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The analyst console: static files under {@code static/console}, a single page that routes by
 * URL fragment. {@code /console} and {@code /console/} lead to its page (docs/console.md).
 */
@Configuration(proxyBeanMethods = false)
class ConsoleConfiguration implements WebMvcConfigurer {

  @Override
  public void addViewControllers(ViewControllerRegistry registry) {
    registry.addRedirectViewController("/console", "/console/index.html");
    registry.addRedirectViewController("/console/", "/console/index.html");
  }
}
