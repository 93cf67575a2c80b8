package dev.seqwatch.web;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import tools.jackson.databind.json.JsonMapper;

/**
 * RFC 9457 problem details with stable type URIs. The type names the kind of problem for
 * programs; the detail says, for people, what is wrong and where. Neither ever carries a stack trace
 * or a class name.
 */
public final class Problems {

  private static final String BASE = "https://seqwatch.dev/problems/";

  private Problems() {
  }

  public static ProblemDetail of(HttpStatus status, String type, String title, String detail) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
    problem.setType(URI.create(BASE + type));
    problem.setTitle(title);
    return problem;
  }

  /**
   * Writes a problem from a servlet filter, where no controller advice runs: the gate that sheds
   * load and the security checks answer before a request reaches Spring MVC.
   */
  public static void write(HttpServletResponse response, JsonMapper json, ProblemDetail problem) throws IOException {
    response.setStatus(problem.getStatus());
    response.setContentType("application/problem+json");
    response.getOutputStream().write(json.writeValueAsBytes(problem));
  }
}
