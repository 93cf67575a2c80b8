package dev.seqwatch.web;

import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

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
}
