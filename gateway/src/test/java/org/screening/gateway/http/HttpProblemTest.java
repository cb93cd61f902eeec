package org.screening.gateway.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HttpProblemTest {

  @Test
  void aClusterStateFailureIsAServiceUnavailableThatAsksTheClientToRetry() {
    HttpProblem problem = HttpProblem.clusterUnreachable(
        new IllegalStateException("member left"));

    assertEquals(503, problem.status());
    assertEquals("1", problem.headers().get("Retry-After"));
    assertTrue(problem.toJson().getString("detail").contains("member left"),
        problem.toJson().encode());
  }
}
