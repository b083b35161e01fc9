package dev.caravan.mock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The CLI, run as the gateway benchmark runs it: a separate JVM on a plain classpath. */
class MockUpstreamMainTest {
  private static final Pattern LISTENING = Pattern.compile("mock upstream listening on (http://127\\.0\\.0\\.1:(\\d+)/v1)");

  @Test
  void should_print_the_base_url_and_serve_the_flag_defaults_when_run_as_a_process() throws Exception {
    Process process = launch("--port", "0", "--content", "from the cli", "--chunks", "2", "--latency-ms", "1");
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      String line = CompletableFuture.supplyAsync(() -> readLine(out)).get(30, TimeUnit.SECONDS);
      Matcher listening = LISTENING.matcher(line);
      assertTrue(listening.matches(), line);

      URI chat = URI.create(listening.group(1) + "/chat/completions");
      JsonNode body = Http.json(Http.send(HttpRequest.newBuilder(chat)
          .POST(HttpRequest.BodyPublishers.ofString(Http.chatBody(false).toString())).build()).body());

      assertEquals("from the cli", body.get("choices").get(0).get("message").get("content").asText());
      assertEquals(2, body.get("usage").get("completion_tokens").asInt());
    } finally {
      process.destroy();
      assertTrue(process.waitFor(30, TimeUnit.SECONDS), "the mock process did not stop");
    }
  }

  @Test
  void should_follow_the_scripts_of_the_file_when_started_with_script(@TempDir Path dir) throws Exception {
    Path scripts = Files.writeString(dir.resolve("scripts.json"),
        "{\"primary\": {\"steps\": [{\"times\": 2, \"status\": 503}, {\"times\": -1}]},"
        + " \"flaky\": {\"steps\": [{\"reset\": true}]}}");
    Process process = launch("--port", "0", "--script", scripts.toString());
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      Matcher listening = LISTENING.matcher(CompletableFuture.supplyAsync(() -> readLine(out)).get(30, TimeUnit.SECONDS));
      assertTrue(listening.matches());
      URI chat = URI.create(listening.group(1) + "/chat/completions");
      List<Integer> statuses = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        statuses.add(Http.send(HttpRequest.newBuilder(chat).POST(HttpRequest.BodyPublishers.ofString(
            Http.chatBody("primary", false).toString())).build()).statusCode());
      }
      JsonNode listed = Http.json(Http.send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + listening.group(2) + "/_mock/scripts")).build()).body());

      assertEquals(List.of(503, 503, 200), statuses);
      assertEquals(3, listed.get("scripts").get("primary").get("calls").asInt(), listed.toString());
      assertEquals(Http.json("[{\"times\":-1,\"reset\":true}]"), listed.get("scripts").get("flaky").get("steps"));
    } finally {
      process.destroy();
      assertTrue(process.waitFor(30, TimeUnit.SECONDS), "the mock process did not stop");
    }
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "{\"primary\": {\"steps\": [{\"status\": 302}]}}   | primary.steps[0].status",
      "{\"primary\": {\"steps\": [{\"times\": -1}, {}]}} | primary.steps[0].times",
      "{\"primary\": []}                                  | primary",
      "[]                                                  | model -> {\"steps\"",
      "{\"primary\":                                       | not valid JSON",
  })
  void should_exit_with_a_usage_error_naming_the_field_when_a_script_file_is_invalid(String json, String named,
      @TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("bad.json"), json);
    StringWriter err = new StringWriter();

    // In-process: the file is checked before the server starts, so nothing is bound.
    int exit = MockUpstreamMain.commandLine().setErr(new PrintWriter(err))
        .execute("--port", "0", "--script", file.toString());

    assertEquals(2, exit, err.toString());
    assertTrue(err.toString().contains("--script " + file + ": ") && err.toString().contains(named), err.toString());
  }

  @Test
  void should_exit_with_a_usage_error_when_the_script_file_is_missing(@TempDir Path dir) {
    StringWriter err = new StringWriter();

    int exit = MockUpstreamMain.commandLine().setErr(new PrintWriter(err))
        .execute("--script", dir.resolve("missing.json").toString());

    assertEquals(2, exit, err.toString());
    assertTrue(err.toString().contains("missing.json"), err.toString());
  }

  @Test
  void should_replay_the_fixture_of_the_replay_flag_when_started_with_fixtures(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("recorded.json"), "{\"recorded\":true}");
    Process process = launch("--port", "0", "--fixtures", dir.toString(), "--replay", "recorded.json");
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      Matcher listening = LISTENING.matcher(CompletableFuture.supplyAsync(() -> readLine(out)).get(30, TimeUnit.SECONDS));
      assertTrue(listening.matches());
      URI messages = URI.create(listening.group(1) + "/messages");

      String body = Http.send(HttpRequest.newBuilder(messages).header("anthropic-version", "2023-06-01").POST(HttpRequest.BodyPublishers.ofString(
          "{\"model\":\"claude\",\"max_tokens\":5,\"messages\":[]}")).build()).body();

      assertEquals("{\"recorded\":true}", body);
    } finally {
      process.destroy();
      assertTrue(process.waitFor(30, TimeUnit.SECONDS), "the mock process did not stop");
    }
  }

  @Test
  void should_exit_with_a_usage_error_when_the_fixtures_directory_is_missing(@TempDir Path dir) {
    StringWriter err = new StringWriter();

    int exit = MockUpstreamMain.commandLine().setErr(new PrintWriter(err))
        .execute("--port", "0", "--fixtures", dir.resolve("nope").toString());

    assertEquals(2, exit, err.toString());
    assertTrue(err.toString().contains("--fixtures"), err.toString());
  }

  @Test
  void should_exit_with_a_usage_error_naming_the_flag_when_a_value_is_invalid() throws Exception {
    Process process = launch("--port", "0", "--chunks", "many");

    assertTrue(process.waitFor(30, TimeUnit.SECONDS));
    String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(2, process.exitValue(), err);
    assertTrue(err.contains("chunks"), err);
  }

  @Test
  void should_offer_a_flag_for_every_knob_when_asked_for_help() {
    String usage = MockUpstreamMain.commandLine().getUsageMessage();

    for (MockKnob knob : MockKnob.values()) {
      assertTrue(usage.contains("--" + knob.dashed()), knob + " missing from:\n" + usage);
    }
    assertTrue(usage.contains("--host") && usage.contains("--port") && usage.contains("--io-threads"), usage);
  }

  private static Process launch(String... args) throws java.io.IOException {
    String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", classpath, MockUpstreamMain.class.getName()));
    command.addAll(List.of(args));
    return new ProcessBuilder(command).start();
  }

  private static String readLine(BufferedReader reader) {
    try {
      String line = reader.readLine();
      return line == null ? "<no output>" : line;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
