package dev.caravan.mock;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBufInputStream;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.util.AsciiString;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Map;

/**
 * Turns a chat completion request into a {@link ChatCall}: parses, records, counts the call of its
 * model, and merges the knobs: header over body over script step over server default.
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
   * @throws InvalidRequestException when the body or an override is not valid
   */
  ChatCall create(FullHttpRequest request) {
    long id = stats.chatRequestReceived(request.headers());
    JsonNode body = parse(request);
    stats.recordBody(body);
    // Checked before counting, so that a rejected request does not use up a script step.
    MockOverrides requestOverrides = requestOverrides(request, body);
    JsonNode model = body.get("model");
    if (model == null || !model.isTextual() || model.asText().isEmpty()) {
      throw new InvalidRequestException("you must provide a model parameter", "model");
    }
    MockOverrides step = scripts.nextCall(model.asText());
    MockBehavior behavior = requestOverrides.applyTo(step.applyTo(defaults));
    ContentPieces pieces = defaultPieces.matches(behavior.content(), behavior.chunks())
        ? defaultPieces
        : ContentPieces.of(behavior.content(), behavior.chunks());
    int prompt = behavior.promptTokens() == MockBehavior.AUTO ? estimatePromptTokens(body)
        : behavior.promptTokens();
    int completion = behavior.completionTokens() == MockBehavior.AUTO ? pieces.count()
        : behavior.completionTokens();
    return new ChatCall(id, System.currentTimeMillis() / 1000, ContentPieces.jsonString(model.asText()),
        body.path("stream").asBoolean(false),
        body.path("stream_options").path("include_usage").asBoolean(false),
        behavior, pieces, prompt, completion);
  }

  private static JsonNode parse(FullHttpRequest request) {
    JsonNode body;
    try (ByteBufInputStream in = new ByteBufInputStream(request.content())) {
      body = JSON.readTree(in);
    } catch (JsonProcessingException e) {
      throw new InvalidRequestException("We could not parse the JSON body of your request. "
          + "The OpenAI API expects a JSON payload: " + e.getOriginalMessage(), null);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (body == null || !body.isObject()) {
      throw new InvalidRequestException("The request body must be a JSON object.", null);
    }
    return body;
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

  /** About four characters per token, as OpenAI's rule of thumb, plus a few per message. */
  private static int estimatePromptTokens(JsonNode body) {
    long chars = 0;
    int messages = 0;
    for (JsonNode message : body.path("messages")) {
      messages++;
      JsonNode content = message.path("content");
      if (content.isTextual()) {
        chars += content.asText().length();
      } else {
        for (JsonNode part : content) {
          chars += part.path("text").asText("").length();
        }
      }
    }
    return (int) Math.min(Integer.MAX_VALUE, (chars + 3) / 4 + 3L * messages);
  }
}
