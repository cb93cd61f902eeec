package org.screening.gateway.admission;

import io.vertx.core.Future;
import java.util.List;
import org.screening.gateway.auth.Principal;
import org.screening.gateway.config.ConfigKeys;
import org.screening.gateway.config.GatewayConfig;
import org.screening.gateway.http.HttpProblem;
import org.screening.gateway.metrics.GatewayMetrics;

/**
 * The gateway's cluster-wide limits: frames in flight per tenant and per feed, open result
 * streams per API key. Over a limit the answer is a 429 with {@code Retry-After}; nothing waits
 * in a queue.
 */
public final class Admission {

  /** Names of the in-flight counters: this, then {@code tenant.<tenant>} or {@code feed.<tenant>/<feed>}. */
  public static final String IN_FLIGHT_PREFIX = "screening.inflight.";
  /** Names of the open-stream counters: this, then the API key id. */
  public static final String SUBSCRIPTIONS_PREFIX = "screening.subscriptions.";

  private final ClusterQuota quota;
  private final GatewayMetrics metrics;
  private final int perTenant;
  private final int perFeed;
  private final int perKey;
  private final int retryAfterSeconds;

  public Admission(ClusterQuota quota, GatewayConfig config, GatewayMetrics metrics) {
    this.quota = quota;
    this.metrics = metrics;
    this.perTenant = config.get(ConfigKeys.LIMITS_IN_FLIGHT_PER_TENANT);
    this.perFeed = config.get(ConfigKeys.LIMITS_IN_FLIGHT_PER_FEED);
    this.perKey = config.get(ConfigKeys.LIMITS_SUBSCRIPTIONS_PER_KEY);
    this.retryAfterSeconds = config.get(ConfigKeys.LIMITS_RETRY_AFTER_SECONDS);
  }

  /** Counts {@code count} more frames of the feed in flight, or fails with a 429 problem. */
  public Future<Void> admitFrames(String tenant, String feed, int count) {
    if (count > Math.min(perFeed, perTenant)) {
      // Waiting would never help, so this is not a 429.
      return Future.failedFuture(HttpProblem.payloadTooLarge("A request may carry at most "
          + Math.min(perFeed, perTenant) + " frames: the in-flight limit of one feed"));
    }
    return quota.acquire(frameLimits(tenant, feed), count).recover(e -> refusal(e, tenant));
  }

  public void releaseFrames(String tenant, String feed, int count) {
    quota.release(frameLimits(tenant, feed).stream().map(Limit::counter).toList(), count);
  }

  /** Counts one more open stream for the key, or fails with a 429 problem. */
  public Future<Void> admitSubscription(Principal principal) {
    return quota.acquire(List.of(subscriptionLimit(principal)), 1)
        .recover(e -> refusal(e, principal.tenant()));
  }

  public void releaseSubscription(Principal principal) {
    quota.release(List.of(subscriptionLimit(principal).counter()), 1);
  }

  private List<Limit> frameLimits(String tenant, String feed) {
    return List.of(
        new Limit(IN_FLIGHT_PREFIX + "tenant." + tenant, perTenant, "tenant"),
        new Limit(IN_FLIGHT_PREFIX + "feed." + tenant + "/" + feed, perFeed, "feed"));
  }

  private Limit subscriptionLimit(Principal principal) {
    return new Limit(SUBSCRIPTIONS_PREFIX + principal.keyId(), perKey, "subscriptions");
  }

  private <T> Future<T> refusal(Throwable failure, String tenant) {
    if (failure instanceof QuotaExceeded exceeded) {
      Limit limit = exceeded.limit();
      metrics.rejected(limit.label(), tenant);
      String detail = switch (limit.label()) {
        case "tenant" -> "The tenant has " + limit.max() + " frames in flight, its limit";
        case "feed" -> "The feed has " + limit.max() + " frames in flight, its limit";
        default -> "The API key has " + limit.max() + " result streams open, its limit";
      };
      return Future.failedFuture(HttpProblem.tooManyRequests(detail, retryAfterSeconds, limit.label()));
    }
    return Future.failedFuture(HttpProblem.clusterUnreachable(failure));
  }
}
