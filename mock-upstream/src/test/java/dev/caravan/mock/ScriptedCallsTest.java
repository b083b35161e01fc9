package dev.caravan.mock;

import static dev.caravan.mock.Http.CLIENT;
import static dev.caravan.mock.Http.call;
import static dev.caravan.mock.Http.chatBody;
import static dev.caravan.mock.Http.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Per-model scripts set through the Java API, driven by real HTTP calls. */
class ScriptedCallsTest {
  static MockUpstream mock;

  @BeforeAll
  static void start() {
    // Two I/O threads, so that concurrent calls really race for their numbers.
    mock = MockUpstream.start(MockOptions.defaults().withIoThreads(2));
  }

  @AfterAll
  static void stop() {
    mock.close();
  }

  @AfterEach
  void clean() {
    mock.clearScripts();
    mock.reset();
  }

  @Test
  void should_fail_the_first_calls_then_succeed_when_the_script_fails_the_first_n() {
    mock.script("primary", MockScript.steps().then(2, b -> b.withStatus(503)).thenForever(b -> b));

    List<Integer> statuses = statuses("primary", 4);

    assertEquals(List.of(503, 503, 200, 200), statuses);
    assertEquals(4, mock.callCount("primary"));
  }

  @Test
  void should_answer_every_call_alike_when_the_step_is_forever() {
    mock.script("flaky", MockScript.steps().thenForever(b -> b.withReset(true)));

    for (int i = 0; i < 3; i++) {
      assertThrows(IOException.class, () -> CLIENT.send(Http.chatRequest(mock)
          .POST(HttpRequest.BodyPublishers.ofString(chatBody("flaky", false).toString())).build(),
          HttpResponse.BodyHandlers.ofString()));
    }
    assertEquals(3, mock.callCount("flaky"));
  }

  @Test
  void should_fall_back_to_the_server_defaults_when_the_finite_steps_are_used_up() {
    try (MockUpstream custom = MockUpstream.start(MockOptions.defaults()
        .withDefaultBehavior(MockBehavior.defaults().withContent("server default")))) {
      custom.script("m", MockScript.steps().then(b -> b.withStatus(429).withRetryAfter("1"))
          .then(b -> b.withContent("second call")));

      HttpResponse<String> first = call(custom, "m");
      String second = content(call(custom, "m"));
      String third = content(call(custom, "m"));

      assertEquals(429, first.statusCode());
      assertEquals("1", first.headers().firstValue("retry-after").orElseThrow());
      assertEquals("second call", second);
      assertEquals("server default", third);
    }
  }

  @Test
  void should_count_and_script_each_model_on_its_own_when_several_models_are_called() {
    mock.script("primary", MockScript.steps().thenForever(b -> b.withStatus(500)));

    assertEquals(500, call(mock, "primary").statusCode());
    assertEquals(200, call(mock, "secondary").statusCode());
    assertEquals(200, call(mock, "secondary").statusCode());
    assertEquals(500, call(mock, "primary").statusCode());

    assertEquals(2, mock.callCount("primary"));
    assertEquals(2, mock.callCount("secondary"));
    assertEquals(0, mock.callCount("never-called"));
  }

  @Test
  void should_prefer_header_then_body_over_the_step_when_a_request_sets_knobs() {
    mock.script("m", MockScript.steps().thenForever(b -> b.withStatus(503).withContent("from step")));
    var body = chatBody("m", false);
    body.putObject("mock").put("status", 200);

    String stepContent = content(Http.post(mock, body.toString()));
    String headerContent = content(Http.post(mock, body.toString(), "x-mock-content", "from header"));

    assertEquals("from step", stepContent);
    assertEquals("from header", headerContent);
    assertEquals(503, call(mock, "m").statusCode());
  }

  @Test
  void should_give_each_concurrent_call_its_own_number_when_many_connections_call_one_model() throws Exception {
    mock.script("primary", MockScript.steps().then(10, b -> b.withStatus(503)));
    HttpRequest request = Http.chatRequest(mock)
        .POST(HttpRequest.BodyPublishers.ofString(chatBody("primary", false).toString())).build();

    List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      responses.add(CLIENT.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
    }
    CompletableFuture.allOf(responses.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
    Map<Integer, Long> byStatus = responses.stream().map(r -> r.join().statusCode())
        .collect(Collectors.groupingBy(Function.identity(), TreeMap::new, Collectors.counting()));

    assertEquals(Map.of(200, 40L, 503, 10L), byStatus);
    assertEquals(50, mock.callCount("primary"));
  }

  @Test
  void should_start_again_at_call_one_when_the_script_is_set_again_or_the_mock_is_reset() {
    MockScript failOnce = MockScript.steps().then(b -> b.withStatus(502));
    mock.script("m", failOnce);
    List<Integer> first = statuses("m", 2);
    mock.script("m", failOnce);
    List<Integer> afterSet = statuses("m", 2);
    mock.reset();
    List<Integer> afterReset = statuses("m", 2);

    assertEquals(List.of(502, 200), first);
    assertEquals(List.of(502, 200), afterSet);
    assertEquals(List.of(502, 200), afterReset);
  }

  @Test
  void should_answer_with_the_defaults_but_keep_counting_when_the_scripts_are_cleared() {
    mock.script("m", MockScript.steps().thenForever(b -> b.withStatus(500)));
    call(mock, "m");

    mock.clearScripts();

    assertEquals(200, call(mock, "m").statusCode());
    assertEquals(2, mock.callCount("m"));
    assertEquals(Map.of(), mock.scripts());
  }

  @Test
  void should_not_use_up_a_step_when_the_request_is_rejected() {
    mock.script("m", MockScript.steps().then(b -> b.withStatus(503)));
    var invalid = chatBody("m", false);
    invalid.putObject("mock").put("chunks", "many");

    assertEquals(400, Http.post(mock, invalid.toString()).statusCode());
    assertEquals(0, mock.callCount("m"));
    assertEquals(503, call(mock, "m").statusCode());
  }

  @Test
  void should_hang_only_the_scripted_call_when_a_step_hangs() throws Exception {
    mock.script("hang", MockScript.steps().then(b -> b.withHang(true)));
    try (Socket hanging = RawHttp.connect(mock)) {
      RawHttp.writeChat(hanging, "HTTP/1.1", "", chatBody("hang", false).toString());
      Http.await(() -> mock.openRequests() == 1, Duration.ofSeconds(10), "the hanging call");

      assertEquals(200, call(mock, "hang").statusCode());
      assertEquals(0, hanging.getInputStream().available());
      assertEquals(1, mock.openRequests());
    }
    Http.await(() -> mock.openRequests() == 0, Duration.ofSeconds(10), "the hanging call to end");
  }

  private static List<Integer> statuses(String model, int calls) {
    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < calls; i++) {
      statuses.add(call(mock, model).statusCode());
    }
    return statuses;
  }

  private static String content(HttpResponse<String> response) {
    assertEquals(200, response.statusCode(), response.body());
    return json(response.body()).get("choices").get(0).get("message").get("content").asText();
  }
}
