package dev.caravan.mock;

import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.List;
import java.util.Map;

/**
 * Which {@link WireFormat} serves a path. OpenAI and Anthropic paths work with or without the
 * {@code /v1} prefix (the providers' base URLs differ on it); Gemini's are
 * {@code /v1beta/models/{model}:generateContent}, {@code :streamGenerateContent} and {@code :batchEmbedContents} ({@code /v1/models/...} too).
 */
final class ApiRoutes {
  /** A format, and the model the URL names (Gemini) or null. */
  record Route(WireFormat format, String pathModel) {}

  private static final Map<String, WireFormat> BY_PATH = Map.of(
      "/chat/completions", OpenAiChatFormat.INSTANCE,
      "/messages", AnthropicFormat.INSTANCE,
      "/responses", ResponsesFormat.INSTANCE,
      "/embeddings", EmbeddingsFormat.INSTANCE,
      "/images/generations", ImagesFormat.INSTANCE);
  private static final List<String> GEMINI_PREFIXES = List.of("/v1beta/models/", "/v1/models/");

  private ApiRoutes() {}

  /** The route of a POST to {@code path}, or null when no API lives there. */
  static Route find(HttpMethod method, String path, String uri) {
    if (!HttpMethod.POST.equals(method)) {
      return null;
    }
    WireFormat format = BY_PATH.get(path.startsWith("/v1/") ? path.substring(3) : path);
    if (format != null) {
      return new Route(format, null);
    }
    for (String prefix : GEMINI_PREFIXES) {
      if (path.startsWith(prefix)) {
        return gemini(path.substring(prefix.length()), uri);
      }
    }
    return null;
  }

  /** True when the path belongs to an API whose errors are Gemini's. */
  static boolean isGemini(String path) {
    return path.startsWith("/v1beta/");
  }

  private static Route gemini(String modelAndMethod, String uri) {
    int colon = modelAndMethod.lastIndexOf(':');
    if (colon <= 0) {
      return null;
    }
    String model = QueryStringDecoder.decodeComponent(modelAndMethod.substring(0, colon));
    return switch (modelAndMethod.substring(colon + 1)) {
      case "generateContent" -> new Route(GeminiFormat.GENERATE, model);
      case "batchEmbedContents" -> new Route(GeminiEmbedFormat.INSTANCE, model);
      case "streamGenerateContent" -> {
        List<String> alt = new QueryStringDecoder(uri).parameters().get("alt");
        yield new Route(alt != null && alt.contains("sse") ? GeminiFormat.STREAM_SSE : GeminiFormat.STREAM_JSON, model);
      }
      default -> null;
    };
  }
}
