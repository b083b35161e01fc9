package dev.caravan.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** Real HTTP against a {@link MockUpstream}, and SSE parsing, for the tests. */
final class Http {
  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient CLIENT = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5))
      .build();

  static final String ANTHROPIC_VERSION = "2023-06-01";

  private Http() {}

  /** Where a test puts behaviour knobs: the body's "mock" object or x-mock-* headers. */
  enum Via {
    BODY, HEADER;

    HttpRequest request(MockUpstream mock, ObjectNode body, Map<String, Object> knobs) {
      HttpRequest.Builder request = chatRequest(mock);
      if (this == BODY) {
        body.set("mock", JSON.valueToTree(knobs));
      } else {
        knobs.forEach((key, value) -> request.header("x-mock-" + key.replace('_', '-'), String.valueOf(value)));
      }
      return request.POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
    }
  }

  static HttpRequest.Builder chatRequest(MockUpstream mock) {
    return HttpRequest.newBuilder(URI.create(mock.baseUrl() + "/chat/completions"))
        .timeout(Duration.ofSeconds(20))
        .header("content-type", "application/json");
  }

  static ObjectNode chatBody(boolean stream) {
    return chatBody("gpt-4o-mini", stream);
  }

  static ObjectNode chatBody(String model, boolean stream) {
    ObjectNode body = JSON.createObjectNode().put("model", model);
    body.putArray("messages").addObject().put("role", "user").put("content", "Say hello");
    if (stream) {
      body.put("stream", true);
    }
    return body;
  }

  static HttpResponse<String> send(HttpRequest request) {
    try {
      return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static HttpResponse<String> post(MockUpstream mock, String body, String... headers) {
    HttpRequest.Builder request = chatRequest(mock);
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return send(request.POST(HttpRequest.BodyPublishers.ofString(body)).build());
  }

  /** A chat request for {@code model}, not streaming, with optional header name/value pairs. */
  static HttpResponse<String> call(MockUpstream mock, String model, String... headers) {
    return post(mock, chatBody(model, false).toString(), headers);
  }

  /** A POST of a JSON body to a path of the mock (e.g. {@code /v1/messages}), with header name/value pairs. */
  static HttpResponse<String> postTo(MockUpstream mock, String pathAndQuery, String body, String... headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + mock.port() + pathAndQuery))
        .timeout(Duration.ofSeconds(20))
        .header("content-type", "application/json");
    if (pathAndQuery.endsWith("/messages")) {
      request.header("anthropic-version", ANTHROPIC_VERSION); // as every Anthropic client sends it
    }
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return send(request.POST(HttpRequest.BodyPublishers.ofString(body)).build());
  }

  /** One SSE event: its {@code event:} name (null when none) and its {@code data:} payload. */
  record Event(String name, String data) {
    JsonNode json() {
      return Http.json(data);
    }
  }

  /**
   * The events of an SSE body framed as {@code event: NAME\ndata: JSON\n\n} (or data only),
   * with {@code terminator} between events; fails on anything else.
   */
  static List<Event> namedEvents(String body, String terminator) {
    List<Event> events = new ArrayList<>();
    String lineEnd = terminator.substring(0, terminator.length() / 2);
    if (!body.endsWith(terminator)) {
      throw new AssertionError("SSE body does not end with the event terminator: " + body);
    }
    for (String event : body.substring(0, body.length() - terminator.length()).split(terminator, -1)) {
      String name = null;
      String data = null;
      for (String line : event.split(lineEnd, -1)) {
        if (line.startsWith("event: ") && name == null && data == null) {
          name = line.substring("event: ".length());
        } else if (line.startsWith("data: ") && data == null) {
          data = line.substring("data: ".length());
        } else {
          throw new AssertionError("unexpected SSE line '" + line + "' in event: " + event);
        }
      }
      events.add(new Event(name, data));
    }
    return events;
  }

  /** A request to the mock's control API, e.g. {@code control(mock, "PUT", "/_mock/scripts/m", json)}. */
  static HttpResponse<String> control(MockUpstream mock, String method, String path, String body) {
    HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString(body);
    return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + mock.port() + path))
        .timeout(Duration.ofSeconds(20))
        .header("content-type", "application/json")
        .method(method, publisher).build());
  }

  static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The payloads of the {@code data:} lines of an SSE body, checking the event framing. */
  static List<String> events(String body) {
    List<String> events = new ArrayList<>();
    for (String event : body.split("\n\n", -1)) {
      if (event.isEmpty()) {
        continue;
      }
      if (!event.startsWith("data: ") || event.indexOf('\n') >= 0) {
        throw new AssertionError("not a single-line SSE data event: " + event);
      }
      events.add(event.substring("data: ".length()));
    }
    return events;
  }

  /** The text of the content deltas of SSE chunk payloads. */
  static List<String> contentDeltas(List<String> events) {
    List<String> deltas = new ArrayList<>();
    for (String event : events) {
      if (!event.equals("[DONE]")) {
        JsonNode choices = json(event).path("choices");
        if (choices.size() == 1 && choices.get(0).path("delta").has("content")
            && !choices.get(0).path("delta").has("role")) {
          deltas.add(choices.get(0).path("delta").path("content").asText());
        }
      }
    }
    return deltas;
  }

  /** Polls (no sleeping) until the condition holds, failing after the timeout. */
  static void await(BooleanSupplier condition, Duration timeout, String what) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + timeout + " waiting for " + what);
      }
      Thread.yield();
    }
  }
}
