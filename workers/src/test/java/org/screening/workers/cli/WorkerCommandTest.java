package org.screening.workers.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class WorkerCommandTest {

  @Test
  void describeConfigListsEveryKeyWithItsVariableAndDefault() {
    PrintStream original = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int exit;
    try {
      System.setOut(new PrintStream(out, true));
      exit = new CommandLine(new WorkerCommand()).execute("--describe-config");
    } finally {
      System.setOut(original);
    }
    String text = out.toString();
    assertEquals(0, exit);
    assertTrue(text.contains("kafka.bootstrap.servers  (SCREENING_WORKER_KAFKA_BOOTSTRAP_SERVERS)"),
        text);
    assertTrue(text.contains("models.<id>.maxBatchSize"), text);
    assertTrue(text.contains("default: /CPU:0"), text);
  }
}
