package dev.seqwatch.elastic;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * Marks every answer of the Elasticsearch-compatible surface, errors included, with
 * {@code X-Elastic-Product: Elasticsearch}: the official clients refuse a response without it.
 */
@ControllerAdvice(assignableTypes = {ElasticsearchController.class, BulkController.class})
class ProductHeader {

  @ModelAttribute
  void product(HttpServletResponse response) {
    response.setHeader("X-Elastic-Product", "Elasticsearch");
  }
}
