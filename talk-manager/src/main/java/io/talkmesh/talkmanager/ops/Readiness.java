package io.talkmesh.talkmanager.ops;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

/** What talk-manager's readiness depends on: migrations applied and every broker connection of its verticles up. */
public final class Readiness {
  private final List<BooleanSupplier> brokers = new CopyOnWriteArrayList<>();
  private volatile boolean migrated;

  public void migrated() {
    migrated = true;
  }

  public boolean isMigrated() {
    return migrated;
  }

  public void broker(BooleanSupplier connected) {
    brokers.add(connected);
  }

  public boolean brokersConnected() {
    return !brokers.isEmpty() && brokers.stream().allMatch(BooleanSupplier::getAsBoolean);
  }
}
