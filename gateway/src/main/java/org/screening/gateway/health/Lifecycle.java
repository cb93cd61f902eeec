package org.screening.gateway.health;

/**
 * Where the node is in its life: starting (only health answers), serving, or stopping (not
 * ready, so load balancers move clients away before streams are cut). Event loop only.
 */
public final class Lifecycle {

  private boolean started;
  private boolean stopping;

  public void started() {
    started = true;
  }

  public void stopping() {
    stopping = true;
  }

  public boolean isStarted() {
    return started;
  }

  public boolean isServing() {
    return started && !stopping;
  }
}
