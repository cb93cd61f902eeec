package org.screening.launcher;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.screening.broker.EmbeddedKafka;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code screening broker}: the embedded single-node KRaft broker as a process of its own, on
 * fixed ports and a data directory that outlives it, so it can be killed and started again
 * where it was (what {@code screening chaos} does to it). Not a production broker.
 */
@Command(name = "broker", mixinStandardHelpOptions = true,
    description = {"Run a single-node KRaft Kafka broker (for tests and chaos runs) until killed.",
        "Prints 'broker ready on HOST:PORT' once it accepts clients."})
public final class BrokerCommand implements Callable<Integer> {

  @Option(names = "--port", required = true, description = "client (PLAINTEXT) port on 127.0.0.1")
  int port;

  @Option(names = "--controller-port", required = true, description = "KRaft controller port")
  int controllerPort;

  @Option(names = "--data-dir", required = true,
      description = "log directory; reused (not formatted again) when it already holds a broker")
  Path dataDir;

  @Option(names = "--property", paramLabel = "KEY=VALUE",
      description = "broker property override, repeatable (e.g. group.min.session.timeout.ms=1000)")
  Map<String, String> properties = Map.of();

  @Override
  public Integer call() throws InterruptedException {
    EmbeddedKafka kafka = EmbeddedKafka.startAt(dataDir, port, controllerPort, properties);
    System.out.println("broker ready on " + kafka.bootstrapServers());
    System.out.flush();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      kafka.stop();
      stopped.countDown();
    }, "broker-stop"));
    stopped.await();
    return 0;
  }
}
