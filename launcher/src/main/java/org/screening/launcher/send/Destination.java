package org.screening.launcher.send;

import picocli.CommandLine.Option;

/** Where and as whom {@code send} sends: the options every source shares. */
final class Destination {

  @Option(names = "--bootstrap-servers", required = true,
      description = "Kafka bootstrap servers: frames go straight to screening.frames.v1")
  String bootstrapServers;

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
    return new KafkaSink(bootstrapServers);
  }
}
