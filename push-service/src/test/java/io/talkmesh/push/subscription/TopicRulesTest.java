package io.talkmesh.push.subscription;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.talkmesh.common.error.TalkException;
import io.talkmesh.common.model.Actor;
import io.talkmesh.common.model.Permission;
import io.talkmesh.common.push.Topic;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TopicRulesTest {
  private final UUID customer = UUID.randomUUID();
  private final UUID agent = UUID.randomUUID();
  private final UUID chat = UUID.randomUUID();
  private final Actor plainAgent = Actor.agent(customer, agent, Permission.AGENT.bit());
  private final Actor manager = Actor.agent(customer, agent, Permission.MANAGER.bit());

  private static String reason(Runnable call) {
    try {
      call.run();
    } catch (TalkException e) {
      return e.reason();
    }
    throw new AssertionError("expected a refusal");
  }

  @Test
  void agentMaySubscribeToAllItsChatsAndToOneChat() {
    assertThat(TopicRules.allowed(plainAgent, "agent_id:" + agent + ":chat")).isEqualTo(Topic.agentChats(agent));
    assertThat(TopicRules.allowed(plainAgent, "agent_id:" + agent + ":chat:" + chat))
        .isEqualTo(Topic.agentChat(agent, chat));
  }

  @Test
  void presenceIsEveryAgentsOwnTopicAndTheCustomersForManagers() {
    assertThat(TopicRules.allowedPresence(plainAgent, "agent_id:" + agent + ":presence"))
        .isEqualTo(io.talkmesh.common.push.PresenceTopic.ofAgent(agent));
    assertThat(TopicRules.allowedPresence(manager, "customer_id:" + customer + ":presence").toString())
        .isEqualTo("customer_id:" + customer + ":presence");
    assertThat(reason(() -> TopicRules.allowedPresence(plainAgent, "agent_id:" + UUID.randomUUID() + ":presence")))
        .isEqualTo(TopicRules.TOPIC_NOT_ALLOWED);
    assertThat(reason(() -> TopicRules.allowedPresence(plainAgent, "customer_id:" + customer + ":presence")))
        .isEqualTo(TopicRules.TOPIC_NOT_ALLOWED);
    assertThat(reason(() -> TopicRules.allowedPresence(manager, "customer_id:" + UUID.randomUUID() + ":presence")))
        .isEqualTo(TopicRules.TOPIC_NOT_ALLOWED);
    for (String bad : new String[] {"agent_id:" + agent + ":presence:x", "agent_id::presence",
        "agent_id:" + agent.toString().substring(1) + ":presence", "nobody_id:" + agent + ":presence", ":presence"}) {
      assertThat(reason(() -> TopicRules.allowedPresence(plainAgent, bad))).as(bad).isEqualTo(Topic.INVALID_TOPIC);
    }
  }

  @Test
  void topicTextRoundTrips() {
    String text = "customer_id:" + customer + ":chat:" + chat;
    assertThat(Topic.parse(text).toString()).isEqualTo(text);
  }

  @Test
  void agentMayNotSubscribeToAnotherAgentsTopic() {
    assertThat(reason(() -> TopicRules.allowed(plainAgent, "agent_id:" + UUID.randomUUID() + ":chat")))
        .isEqualTo(TopicRules.TOPIC_NOT_ALLOWED);
  }

  @Test
  void plainAgentMayNotSubscribeToCustomerTopics() {
    assertThat(reason(() -> TopicRules.allowed(plainAgent, "customer_id:" + customer + ":chat")))
        .isEqualTo(TopicRules.TOPIC_NOT_ALLOWED);
  }

  @Test
  void managerMaySubscribeToItsOwnCustomerOnly() {
    assertThat(TopicRules.allowed(manager, "customer_id:" + customer + ":chat")).isEqualTo(Topic.customerChats(customer));
    assertThat(TopicRules.allowed(manager, "customer_id:" + customer + ":chat:" + chat))
        .isEqualTo(Topic.customerChat(customer, chat));
    assertThat(reason(() -> TopicRules.allowed(manager, "customer_id:" + UUID.randomUUID() + ":chat")))
        .isEqualTo(TopicRules.TOPIC_NOT_ALLOWED);
  }

  @Test
  void adminCountsAsManager() {
    Actor admin = Actor.agent(customer, agent, Permission.ADMIN.bit());
    assertThat(TopicRules.allowed(admin, "customer_id:" + customer + ":chat")).isNotNull();
  }

  @Test
  void malformedTopicsAreInvalidTopic() {
    for (String text : new String[] {"", "agent_id", "agent_id:" + agent, "agent_id:" + agent + ":chats",
        "agent_id:not-a-uuid:chat", "agent_id:" + agent + ":chat:x", "agent_id:" + agent + ":chat:" + chat + ":more",
        "user_id:" + agent + ":chat", "agent_id:" + agent + "x:chat"}) {
      assertThatThrownBy(() -> TopicRules.allowed(plainAgent, text)).as("topic '%s'", text)
          .isInstanceOfSatisfying(TalkException.class, e -> assertThat(e.reason()).isEqualTo(Topic.INVALID_TOPIC));
    }
  }
}
