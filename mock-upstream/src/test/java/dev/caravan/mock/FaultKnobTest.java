package dev.caravan.mock;

import static dev.caravan.mock.Http.CLIENT;
import static dev.caravan.mock.Http.chatBody;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The {@code fault} knob's broken answers, as a client reads them. */
class FaultKnobTest {

  static MockUpstream mock;

  @BeforeAll
  static void start() {
    mock = MockUpstream.start(MockOptions.defaults());
  }

  @AfterAll
  static void stop() {
    mock.close();
  }

  private static HttpRequest request(String fault, long bytes, boolean stream) {
    return Http.chatRequest(mock).header("x-mock-fault", fault).header("x-mock-fault-bytes", Long.toString(bytes))
        .POST(HttpRequest.BodyPublishers.ofString(chatBody(stream).toString())).build();
  }

  @Test
  void should_send_half_of_the_answer_when_fault_is_truncated_json() throws Exception {
    HttpResponse<String> response = CLIENT.send(request("truncated_json", 1, false), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode());
    assertThrows(IOException.class, () -> Http.JSON.readTree(response.body()));
  }

  @Test
  void should_send_an_event_that_is_not_json_when_fault_is_malformed_sse() throws Exception {
    HttpResponse<String> response = CLIENT.send(request("malformed_sse", 1, true), HttpResponse.BodyHandlers.ofString());
    assertTrue(response.body().contains("data: {\"id\":\"chatcmpl-mock-fault\",\"choices\":[{\"delta\":\n\n"), response.body());
    assertTrue(response.body().endsWith("data: [DONE]\n\n"), response.body());
  }

  @Test
  void should_reject_an_unknown_fault() throws Exception {
    HttpResponse<String> response = CLIENT.send(request("nonsense", 1, false), HttpResponse.BodyHandlers.ofString());
    assertEquals(400, response.statusCode());
    assertTrue(response.body().contains("fault"), response.body());
  }
}
