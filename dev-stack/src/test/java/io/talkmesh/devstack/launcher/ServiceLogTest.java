package io.talkmesh.devstack.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What ./talk-mesh up shows of a service's output once it is up (warnings and errors), and what it keeps. */
class ServiceLogTest {
  @Test
  void warningsAndErrorsOfBothFormatsAreNoteworthyNothingElse() {
    assertThat(ServiceLog.noteworthy("14:15:24.607 WARN  [vert.x-eventloop-thread-0] i.t.push.X - slow")).isTrue();
    assertThat(ServiceLog.noteworthy("14:15:24.607 ERROR [main] io.talkmesh.ops.ServiceMain - could not start")).isTrue();
    assertThat(ServiceLog.noteworthy("{\"@timestamp\":\"…\",\"level\":\"WARN\",\"message\":\"m\"}")).isTrue();
    assertThat(ServiceLog.noteworthy("14:15:24.607 INFO  [main] io.talkmesh.ops.ServiceMain - listening")).isFalse();
    assertThat(ServiceLog.noteworthy("14:15:24.607 INFO  [main] x - a message that says WARN inside")).isFalse();
    assertThat(ServiceLog.noteworthy("\tat com.rabbitmq.client.impl.AMQConnection.startShutdown")).isFalse();
  }

  @Test
  void everyLineReachesTheFileAndTheLastFortyAreKept(@TempDir Path dir) throws Exception {
    StringBuilder output = new StringBuilder();
    for (int i = 0; i < 50; i++) {
      output.append("line ").append(i).append('\n');
    }
    Path file = dir.resolve("logs").resolve("svc.log");
    ServiceLog log = ServiceLog.follow("svc", new ByteArrayInputStream(output.toString().getBytes(StandardCharsets.UTF_8)),
        file);
    long deadline = System.nanoTime() + 5_000_000_000L;
    while ((!Files.exists(file) || Files.readAllLines(file).size() < 50) && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(Files.readAllLines(file)).hasSize(50).startsWith("line 0").endsWith("line 49");
    assertThat(log.last()).hasSize(40).startsWith("line 10").endsWith("line 49");
  }
}
