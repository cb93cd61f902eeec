package org.screening.gateway.cluster;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * What the gateway needs from Hazelcast beyond Vert.x's shared data: this member's identity,
 * members leaving, and whether the cluster is safe (no partition without its backup).
 */
public final class GatewayCluster {

  private final Vertx vertx;
  private final HazelcastClusterManager manager;

  public GatewayCluster(Vertx vertx, HazelcastClusterManager manager) {
    this.vertx = vertx;
    this.manager = manager;
  }

  /** This member's Hazelcast UUID, which survives in the other members' membership events. */
  public String memberId() {
    return hazelcast().getCluster().getLocalMember().getUuid().toString();
  }

  /** True while the member with Hazelcast UUID {@code memberId} is in this member's view. */
  public boolean isMember(String memberId) {
    return hazelcast().getCluster().getMembers().stream()
        .anyMatch(member -> member.getUuid().toString().equals(memberId));
  }

  /** Calls {@code onLeft} with a member's id on {@code context} whenever a member leaves. */
  public UUID onMemberLeft(Context context, Consumer<String> onLeft) {
    return hazelcast().getCluster().addMembershipListener(new MembershipListener() {
      @Override
      public void memberAdded(MembershipEvent event) {}

      @Override
      public void memberRemoved(MembershipEvent event) {
        String member = event.getMember().getUuid().toString();
        context.runOnContext(v -> onLeft.accept(member));
      }
    });
  }

  public void removeListener(UUID registration) {
    if (manager.isActive()) {
      hazelcast().getCluster().removeMembershipListener(registration);
    }
  }

  /** True when every partition has its backups in sync, so losing one member loses no state. */
  public Future<Boolean> isSafe() {
    // isClusterSafe asks the other members, so it must stay off the event loop.
    return vertx.executeBlocking(() -> manager.isActive()
        && hazelcast().getLifecycleService().isRunning()
        && hazelcast().getPartitionService().isClusterSafe());
  }

  /** The member itself, for the cluster state Vert.x's shared data cannot express. */
  public HazelcastInstance hazelcast() {
    return manager.getHazelcastInstance();
  }
}
