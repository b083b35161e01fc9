package dev.caravan.mock;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
 * </ul>
 * The model is the rest of the path, percent-decoded, so it may contain {@code /}. Errors are
 * OpenAI-style error bodies whose {@code param} names the offending field.
 */
final class ControlEndpoints {
  static final String PREFIX = "/_mock/";
  private static final String SCRIPTS = "/_mock/scripts";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A status and a JSON body. */
  record Answer(int status, byte[] body) {}

  private final MockScripts scripts;

  ControlEndpoints(MockScripts scripts) {
    this.scripts = scripts;
  }

  /** The answer for a request under {@link #PREFIX}, or null when no endpoint has that path. */
  Answer handle(FullHttpRequest request, String path) {
    HttpMethod method = request.method();
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
