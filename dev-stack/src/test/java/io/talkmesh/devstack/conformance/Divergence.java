package io.talkmesh.devstack.conformance;

/**
 * One way talk-mesh differed from VoIPBIN's spec on one route: {@code route} as talk-mesh's route table writes it
 * ({@code GET /v1.0/service_agents/talk_chats/:id}), {@code what} in words a reader of the failure can act on.
 */
record Divergence(String route, String what) {
  @Override
  public String toString() {
    return route + " | " + what;
  }
}
