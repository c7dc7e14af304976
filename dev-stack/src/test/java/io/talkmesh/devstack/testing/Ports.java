package io.talkmesh.devstack.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/** Local ports for services a test starts on a port of its choosing. */
public final class Ports {
  private Ports() {
  }

  /** A port that was free a moment ago (the OS picked it). */
  public static int free() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
