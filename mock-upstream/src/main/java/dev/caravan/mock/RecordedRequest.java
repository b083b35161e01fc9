package dev.caravan.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * A request the mock received on one of its API endpoints, as tests read it back
 * ({@link MockUpstream#recordedRequests()}, {@code GET /_mock/requests}).
 *
 * @param method  HTTP method
 * @param path    the path, without the query
 * @param query   the query string without {@code ?}, credentials ({@code key=}) redacted; empty when none
 * @param headers header names in lower case, repeated headers joined by ", "; credentials
 *                ({@code authorization}, {@code x-api-key}, {@code x-goog-api-key} ...) replaced by
 *                {@value #REDACTED}, so a test sees that one was sent but never its value
 * @param body    the JSON body; a JSON string holding the text when it was not JSON; null when empty
 */
public record RecordedRequest(String method, String path, String query, Map<String, String> headers, JsonNode body) {
  public static final String REDACTED = "[redacted]";

  /** {@code {"method","path","query","headers":{...},"body":...}}. */
  public ObjectNode toJson() {
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    json.put("method", method).put("path", path).put("query", query);
    ObjectNode h = json.putObject("headers");
    headers.forEach(h::put);
    json.set("body", body == null ? JsonNodeFactory.instance.nullNode() : body);
    return json;
  }
}
