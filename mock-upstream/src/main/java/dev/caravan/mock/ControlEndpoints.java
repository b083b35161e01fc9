package dev.caravan.mock;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.ByteBufInputStream;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The mock's own control API, under {@code /_mock/}:
 * <ul>
 *   <li>{@code GET /_mock/scripts}: {@code {"scripts":{model:{"steps":[...],"calls":n}},"calls":{model:n}}}
 *   <li>{@code DELETE /_mock/scripts}: removes every script, {@code {"deleted":n}}
 *   <li>{@code PUT /_mock/scripts/{model}} with {@code {"steps":[...]}}: sets the model's script,
 *       restarting its count; answers the stored script
 *   <li>{@code GET} / {@code DELETE /_mock/scripts/{model}}: one script (404 when none) / removes it
 *   <li>{@code GET /_mock/requests?last=n}: {@code {"requests":[{"method","path","query","headers","body"}]}},
 *       the last n (default all kept, at most 100) API requests, oldest first, credentials redacted
 *   <li>{@code DELETE /_mock/requests}: forgets them, {@code {"deleted":n}}
 *   <li>{@code GET /_mock/images/{name}.png}: the image that {@code url} answers of image generations point to
 * </ul>
 * The model is the rest of the path, percent-decoded, so it may contain {@code /}. Errors are
 * OpenAI-style error bodies whose {@code param} names the offending field.
 */
final class ControlEndpoints {
  static final String PREFIX = "/_mock/";
  private static final String SCRIPTS = "/_mock/scripts";
  private static final String REQUESTS = "/_mock/requests";
  static final String IMAGES = "/_mock/images/";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A status, a body and its content type. */
  record Answer(int status, byte[] body, CharSequence contentType) {
    Answer(int status, byte[] body) {
      this(status, body, "application/json");
    }
  }

  private final MockScripts scripts;
  private final MockStats stats;

  ControlEndpoints(MockScripts scripts, MockStats stats) {
    this.scripts = scripts;
    this.stats = stats;
  }

  /** The answer for a request under {@link #PREFIX}, or null when no endpoint has that path. */
  Answer handle(FullHttpRequest request, String path) {
    HttpMethod method = request.method();
    if (path.equals(REQUESTS) || path.equals(REQUESTS + "/")) {
      return requests(request, method, path);
    }
    if (path.startsWith(IMAGES) && path.endsWith(".png") && HttpMethod.GET.equals(method)) {
      return new Answer(200, ImagesFormat.PNG, "image/png");
    }
    if (path.equals(SCRIPTS) || path.equals(SCRIPTS + "/")) {
      if (HttpMethod.GET.equals(method)) {
        return ok(scripts.toJson());
      }
      if (HttpMethod.DELETE.equals(method)) {
        return ok(JSON.createObjectNode().put("deleted", scripts.clear()));
      }
      return notAllowed(method, path, "GET, DELETE");
    }
    if (!path.startsWith(SCRIPTS + "/")) {
      return null;
    }
    String model = decode(path.substring(SCRIPTS.length() + 1));
    if (HttpMethod.PUT.equals(method)) {
      return put(model, request);
    }
    if (HttpMethod.GET.equals(method)) {
      MockScript script = scripts.script(model);
      return script == null
          ? new Answer(404, OpenAiErrors.body("No script for model '" + model + "'.", "invalid_request_error",
              "model", "script_not_found"))
          : ok(MockScripts.json(script, scripts.calls(model)));
    }
    if (HttpMethod.DELETE.equals(method)) {
      return ok(JSON.createObjectNode().put("deleted", scripts.remove(model) ? 1 : 0));
    }
    return notAllowed(method, path, "PUT, GET, DELETE");
  }

  private Answer requests(FullHttpRequest request, HttpMethod method, String path) {
    if (HttpMethod.DELETE.equals(method)) {
      return ok(JSON.createObjectNode().put("deleted", stats.clearRecorded()));
    }
    if (!HttpMethod.GET.equals(method)) {
      return notAllowed(method, path, "GET, DELETE");
    }
    int last = MockStats.RECENT_LIMIT;
    java.util.List<String> param = new QueryStringDecoder(request.uri()).parameters().get("last");
    if (param != null) {
      try {
        last = Integer.parseInt(param.get(0));
      } catch (NumberFormatException e) {
        last = -1;
      }
      if (last < 1) {
        return invalid("last: must be an integer >= 1, got '" + param.get(0) + "'", "last");
      }
    }
    ObjectNode body = JSON.createObjectNode();
    ArrayNode list = body.putArray("requests");
    stats.recorded(last).forEach(r -> list.add(r.toJson()));
    return ok(body);
  }

  private Answer put(String model, FullHttpRequest request) {
    if (model.isEmpty()) {
      return invalid("model: the path must name a model, as in /_mock/scripts/{model}", "model");
    }
    JsonNode body;
    try (ByteBufInputStream in = new ByteBufInputStream(request.content())) {
      body = JSON.readTree(in);
    } catch (JsonProcessingException e) {
      return invalid("The script is not valid JSON: " + e.getOriginalMessage(), null);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    MockScript script;
    try {
      script = MockScript.fromJson(body);
    } catch (InvalidFieldException e) {
      return invalid(e.getMessage(), e.field());
    }
    scripts.set(model, script);
    return ok(MockScripts.json(script, 0).put("model", model));
  }

  private static String decode(String raw) {
    // A path, not a query: '+' is a plus sign.
    return QueryStringDecoder.decodeComponent(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  private static Answer ok(JsonNode body) {
    return new Answer(200, body.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static Answer invalid(String message, String param) {
    return new Answer(400, OpenAiErrors.invalidRequest(message, param));
  }

  private static Answer notAllowed(HttpMethod method, String path, String allowed) {
    return new Answer(405, OpenAiErrors.body("Method " + method + " is not allowed on " + path
        + "; allowed: " + allowed + ".", "invalid_request_error", null, "method_not_allowed"));
  }
}
