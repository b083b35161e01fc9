package dev.caravan.mock;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBufInputStream;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.util.AsciiString;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;

/**
 * Turns a request of any {@link WireFormat} into a {@link ChatCall}: parses, records, validates,
 * counts the call of its model, and merges the knobs: header over body over script step over
 * server default. Then resolves what the knobs ask for: echo, tool call, token counts.
 */
final class ChatCallFactory {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final AsciiString HEADER_PREFIX = AsciiString.cached(MockKnob.HEADER_PREFIX);

  private final MockBehavior defaults;
  private final ContentPieces defaultPieces;
  private final MockStats stats;
  private final MockScripts scripts;

  ChatCallFactory(MockBehavior defaults, MockStats stats, MockScripts scripts) {
    this.defaults = defaults;
    this.defaultPieces = ContentPieces.of(defaults.content(), defaults.chunks());
    this.stats = stats;
    this.scripts = scripts;
  }

  /**
   * Records the request and builds its call.
   *
   * @param pathModel the model named by the URL (Gemini), or null
   * @throws InvalidRequestException when the body, a field or an override is not valid
   */
  ChatCall create(FullHttpRequest request, WireFormat format, String pathModel) {
    long id = stats.requestReceived(request.headers());
    JsonNode body = parseAndRecord(request);
    // Checked before counting, so that a rejected request does not use up a script step.
    MockOverrides requestOverrides = requestOverrides(request, body);
    format.checkHeaders(request.headers());
    RequestFacts facts = format.read(body, pathModel)
        .withHost(request.headers().get(HttpHeaderNames.HOST, ""));
    toolCall(requestOverrides.applyTo(defaults), facts, format); // a '*' without tools is refused before counting
    MockOverrides step = scripts.nextCall(facts.model());
    MockBehavior behavior = requestOverrides.applyTo(step.applyTo(defaults));
    ToolCall tool = toolCall(behavior, facts, format);
    String text = tool != null ? tool.arguments() : behavior.echo() ? facts.lastUserText() : behavior.content();
    ContentPieces pieces = defaultPieces.matches(text, behavior.chunks())
        ? defaultPieces
        : ContentPieces.of(text, behavior.chunks());
    int prompt = behavior.promptTokens() == MockBehavior.AUTO ? facts.estimatedPromptTokens()
        : behavior.promptTokens();
    int completion = behavior.completionTokens() == MockBehavior.AUTO ? pieces.count()
        : behavior.completionTokens();
    return new ChatCall(id, System.currentTimeMillis() / 1000, format, facts,
        ContentPieces.jsonString(facts.model()), behavior, pieces, tool, prompt, completion);
  }

  private JsonNode parseAndRecord(FullHttpRequest request) {
    JsonNode body;
    try (ByteBufInputStream in = new ByteBufInputStream(request.content().duplicate())) {
      body = JSON.readTree(in);
    } catch (JsonProcessingException e) {
      record(request, null);
      throw new InvalidRequestException("We could not parse the JSON body of your request: "
          + e.getOriginalMessage(), null);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    record(request, body);
    if (body == null || !body.isObject()) {
      throw new InvalidRequestException("The request body must be a JSON object.", null);
    }
    return body;
  }

  private void record(FullHttpRequest request, JsonNode body) {
    String raw = body == null ? request.content().toString(StandardCharsets.UTF_8) : null;
    stats.record(request.method().name(), request.uri(), request.headers(), body, raw);
  }

  private static ToolCall toolCall(MockBehavior behavior, RequestFacts facts, WireFormat format) {
    String name = behavior.toolCall();
    if (name.isEmpty()) {
      return format.forcedTool(facts.body()); // a forced tool is answered as the real API would
    }
    if (name.equals("*")) {
      if (facts.firstToolName() == null) {
        throw new InvalidRequestException("mock knob tool_call: '*' answers with the first tool the request"
            + " declares, and this request declares none", "tools");
      }
      name = facts.firstToolName();
    }
    return new ToolCall(name, behavior.toolArguments());
  }

  /** The body's "mock" object, then the x-mock-* headers over it. */
  private static MockOverrides requestOverrides(FullHttpRequest request, JsonNode body) {
    try {
      MockOverrides merged = MockOverrides.fromJson(body.get("mock"));
      for (Iterator<Map.Entry<CharSequence, CharSequence>> it = request.headers().iteratorCharSequence();
          it.hasNext(); ) {
        Map.Entry<CharSequence, CharSequence> h = it.next();
        CharSequence name = h.getKey();
        if (name.length() > HEADER_PREFIX.length()
            && AsciiString.regionMatches(name, true, 0, HEADER_PREFIX, 0, HEADER_PREFIX.length())) {
          String key = name.subSequence(HEADER_PREFIX.length(), name.length()).toString();
          merged = merged.with(key, h.getValue().toString());
        }
      }
      return merged;
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException(e.getMessage(), "mock");
    }
  }
}
