package org.screening.gateway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.screening.gateway.config.ConfigKey;
import org.screening.gateway.config.ConfigKeys;
import picocli.CommandLine;

class GatewayCommandTest {

  @Test
  void printConfigListsEveryKeyWithItsEnvironmentVariable() {
    StringWriter out = new StringWriter();
    CommandLine command = new CommandLine(new GatewayCommand()).setOut(new PrintWriter(out));

    assertEquals(0, command.execute("--print-config"));
    for (ConfigKey<?> key : ConfigKeys.ALL) {
      assertTrue(out.toString().contains(key.envName()), key.name());
    }
  }
}
