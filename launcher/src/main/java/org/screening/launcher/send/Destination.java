package org.screening.launcher.send;

import java.net.URI;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Where and as whom {@code send} sends: the options every source shares. */
final class Destination {

  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  @Option(names = "--bootstrap-servers",
      description = "Kafka bootstrap servers: frames go straight to screening.frames.v1")
  String bootstrapServers;

  @Option(names = "--gateway", paramLabel = "URL",
      description = "a gateway's base URL instead: frames are POSTed with the API key")
  URI gateway;

  @Option(names = "--api-key", defaultValue = "${env:SCREENING_API_KEY}",
      description = "API key for --gateway (default: $SCREENING_API_KEY)")
  String apiKey;

  @Option(names = "--tenant", defaultValue = "default",
      description = "tenant the frames belong to (default ${DEFAULT-VALUE})")
  String tenant;

  @Option(names = "--case-id",
      description = "id of the slide or procedure (default: random; never taken from the file)")
  String caseId;

  @Option(names = "--feed", description = "feed id (default: <kind>-<case id>)")
  String feed;

  @Option(names = "--model", description = "model override as name:version (default: the "
      + "modality's default model)")
  String model;

  Identity identity(String kind) {
    String id = caseId != null ? caseId : Identity.randomCaseId();
    return new Identity(tenant, feed != null ? feed : kind + "-" + id, id, model);
  }

  FrameSink open() {
    if ((bootstrapServers == null) == (gateway == null)) {
      throw new ParameterException(spec.commandLine(),
          "give exactly one of --bootstrap-servers and --gateway");
    }
    if (gateway == null) {
      return new KafkaSink(bootstrapServers);
    }
    if (apiKey == null || apiKey.isBlank()) {
      throw new ParameterException(spec.commandLine(),
          "--gateway needs an API key (--api-key or SCREENING_API_KEY)");
    }
    return new HttpSink(gateway, apiKey);
  }
}
