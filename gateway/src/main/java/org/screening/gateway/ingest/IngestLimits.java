package org.screening.gateway.ingest;

import org.screening.gateway.config.ConfigKeys;
import org.screening.gateway.config.GatewayConfig;

/** Size limits checked before a frame is produced. */
public record IngestLimits(int bodyBytes, int parts, int partBytes, int maxWidth, int maxHeight) {

  public static IngestLimits of(GatewayConfig config) {
    return new IngestLimits(
        config.get(ConfigKeys.LIMITS_BODY_BYTES),
        config.get(ConfigKeys.LIMITS_PARTS),
        config.get(ConfigKeys.LIMITS_PART_BYTES),
        config.get(ConfigKeys.LIMITS_MAX_WIDTH),
        config.get(ConfigKeys.LIMITS_MAX_HEIGHT));
  }
}
