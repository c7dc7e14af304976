package io.talkmesh.devstack.launcher;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One service's output under {@code ./talk-mesh up}: every line goes to its log file, and once the mesh is up
 * ({@link #echo}) its warnings and errors are also shown on the terminal, prefixed with the service's name, so the
 * first screen is the summary and what follows is what needs a person. The last lines are kept to show why a
 * service died.
 */
final class ServiceLog {
  /** A warning or an error, in the text format ({@code 12:00:00.000 WARN  [...]}) or JSON ({@code "level":"WARN"}). */
  private static final Pattern NOTEWORTHY = Pattern.compile("^\\S+ (WARN|ERROR) |\"level\":\"(WARN|ERROR)\"");
  private static final int KEPT = 40;

  private final String name;
  private final Path file;
  private final Deque<String> last = new ArrayDeque<>();
  private volatile boolean echo;

  private ServiceLog(String name, Path file) {
    this.name = name;
    this.file = file;
  }

  /** Copies the stream to {@code file} (replaced) on a daemon thread of its own. */
  static ServiceLog follow(String name, InputStream output, Path file) throws IOException {
    Files.createDirectories(file.getParent());
    ServiceLog log = new ServiceLog(name, file);
    Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
    Thread copier = new Thread(() -> log.copy(output, writer), "talk-mesh-log-" + name);
    copier.setDaemon(true);
    copier.start();
    return log;
  }

  /** From now on, warnings and errors are shown on the terminal too. */
  void echo() {
    echo = true;
  }

  Path file() {
    return file;
  }

  /** The service's last lines (at most 40). */
  synchronized List<String> last() {
    return new ArrayList<>(last);
  }

  static boolean noteworthy(String line) {
    return NOTEWORTHY.matcher(line).find();
  }

  private void copy(InputStream output, Writer writer) {
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(output, StandardCharsets.UTF_8));
         writer) {
      String line;
      while ((line = reader.readLine()) != null) {
        writer.write(line);
        writer.write('\n');
        writer.flush();
        synchronized (this) {
          last.addLast(line);
          if (last.size() > KEPT) {
            last.removeFirst();
          }
        }
        if (echo && noteworthy(line)) {
          System.out.println("[" + name + "] " + line);
        }
      }
    } catch (IOException e) {
      // the service is gone; its file has what it wrote
    }
  }
}
