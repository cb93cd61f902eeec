package org.screening.launcher.chaos;

import java.io.PrintStream;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.screening.launcher.demo.DemoFeed;

/**
 * Two gateway nodes; every client streams its feed from the first, and uploads go to both. The
 * first is SIGKILLed: uploads move to the survivor, and each client reconnects to it with the
 * SSE {@code Last-Event-ID} it last saw ({@code <partition>-<offset>} on the results topic, the
 * same on every node because every node reads every result partition); the survivor replays
 * what came after that, then streams on, so there is no gap and no repeat. Frames go in over
 * HTTP, as the node's own clients send them: an upload the dead node never received, or received
 * and never answered, is resent to the survivor with the same idempotency key;
 * {@code unclaimed_frames} counts frames whose results reached a client though their sender
 * never learned their id (a gateway that ignores the key accepted the upload twice).
 */
final class GatewayKillScenario implements Scenario {

  @Override
  public String name() {
    return "gateway-kill";
  }

  @Override
  public String description() {
    return "a gateway node is SIGKILLed while clients stream from it; they resume on another";
  }

  @Override
  public ScenarioReport run(ChaosSettings settings, DemoFeed images, PrintStream out)
      throws Exception {
    try (ChaosRun run = ChaosRun.start(settings, images)) {
      List<URI> gateways = run.gateways(2, UnaryOperator.identity());
      run.workers(Map.of("worker-1", Map.of()));
      run.watch(gateways);
      HttpDoor door = run.httpDoor(gateways);
      Thread load = run.load.start(settings.rate(), run.loadDuration(), door::send);
      Thread.sleep(run.loadDuration().toMillis() / 3);
      ChildProcess victim = run.cluster.gateway(0);
      run.awaitFramesInFlight();
      run.ledger.fault();
      victim.kill();
      load.join();
      door.close();
      run.awaitSettled();
      return run.report(name(), Map.of(
          "killed_exit_status", victim.exitStatus(),
          "clients", FrameSource.FEEDS,
          "reconnects", run.reconnects(),
          "uploads_refused", run.ledger.refusedCount(),
          "unclaimed_frames", run.ledger.unclaimedFrames(),
          "upload_attempts", door.answers(),
          "survivor_alive", run.cluster.gateway(1).alive()), out);
    }
  }
}
