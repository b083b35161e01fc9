package dev.caravan.platform.policy.script;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.caravan.api.ApiFamily;
import dev.caravan.api.ProviderSettings;
import dev.caravan.api.Usage;
import dev.caravan.api.provider.ErrorTypes;
import dev.caravan.api.provider.OpenAiUsage;
import dev.caravan.api.provider.ProviderCall;
import dev.caravan.api.provider.ProviderCapabilities;
import dev.caravan.api.provider.ProviderError;
import dev.caravan.api.provider.ProviderResponse;
import dev.caravan.api.provider.ProviderTranslator;
import dev.caravan.api.provider.StreamTranslator;
import dev.caravan.api.provider.UpstreamRequest;
import dev.caravan.platform.exchange.GatewayException;
import dev.caravan.platform.upstream.StreamFraming;
import groovy.lang.Closure;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The translator of a provider configured with {@code plugin: script:<name>}: each method runs the
 * running version of {@code policies/providers/<name>.groovy} (hot reload swaps it) through a
 * {@link ScriptCall}, and builds the canonical chat answer, chunks and errors from what the script
 * returned. The platform transports as for every provider ({@code ProviderRegistry} wraps this in
 * its key scrubber; the upstream client applies the timeouts and {@code max_response_bytes}).
 * A script failure in {@code prepare} or {@code response} is a 502 {@code provider_script_error}
 * naming the script, never its reason (logged with the trace id).
 */
final class ScriptProviderTranslator implements ProviderTranslator, StreamFraming {

    static final String CODE = "provider_script_error";
    private static final Logger LOG = LoggerFactory.getLogger(ScriptProviderTranslator.class);
    static final ObjectMapper JSON = new ObjectMapper();

    private final String fileId;
    private final ProviderSettings settings;
    private final ScriptCall<ProviderScript> scripts;
    private final ProviderCapabilities capabilities;

    ScriptProviderTranslator(String fileId, ProviderSettings settings, ScriptCall<ProviderScript> scripts, boolean streams) {
        this.fileId = fileId;
        this.settings = settings;
        this.scripts = scripts;
        this.capabilities = new ProviderCapabilities(Set.of(ApiFamily.CHAT_COMPLETIONS), streams, false, false);
    }

    @Override
    public ProviderCapabilities capabilities() {
        return capabilities;
    }

    @Override
    public boolean lineDelimited() {
        ProviderScript script = scripts.current();
        return script != null && script.linesFramed();
    }

    @Override
    public UpstreamRequest prepare(ProviderCall call) {
        ScriptUpstreamCall up = invoke(call, "prepare", ScriptUpstreamCall.class, ProviderScript::prepareHandler,
                handler -> handler.call(new ScriptProviderCall(call, ScriptProviderTranslator.JSON)));
        Map<String, String> headers = new LinkedHashMap<>(settings.headers());
        headers.putAll(up.headers());
        if (up.auth() != null && settings.apiKey() != null && !settings.apiKey().isEmpty()) {
            if (up.auth().equalsIgnoreCase("bearer")) {
                headers.put("authorization", "Bearer " + settings.apiKey().reveal());
            } else {
                headers.put(up.auth().toLowerCase(java.util.Locale.ROOT), settings.apiKey().reveal());
            }
        }
        byte[] body = new byte[0];
        if (up.body() != null) {
            headers.putIfAbsent("content-type", "application/json");
            body = up.body() instanceof String text ? text.getBytes(StandardCharsets.UTF_8) : json(up.body());
        }
        return new UpstreamRequest(up.method(), URI.create(settings.baseUrl() + up.path()), headers, body);
    }

    @Override
    public ProviderResponse translateResponse(ProviderCall call, byte[] upstreamBody) {
        Object parsed = parse(upstreamBody);
        ScriptAnswer answer = invoke(call, "response", ScriptAnswer.class, ProviderScript::responseHandler,
                handler -> handler.call(parsed, new ScriptProviderCall(call, ScriptProviderTranslator.JSON)));
        Usage usage = answer.reported() ? Usage.of(answer.promptTokens(), answer.completionTokens()) : Usage.NONE;
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("id", "chatcmpl-" + call.context().traceId());
        body.put("object", "chat.completion");
        body.put("created", System.currentTimeMillis() / 1000);
        body.put("model", call.targetModel());
        ObjectNode choice = body.putArray("choices").addObject();
        choice.put("index", 0);
        choice.putObject("message").put("role", "assistant").put("content", answer.text()).putNull("refusal");
        choice.putNull("logprobs");
        choice.put("finish_reason", answer.finishReason());
        body.set("usage", OpenAiUsage.toNode(usage));
        return new ProviderResponse(json(body), usage);
    }

    @Override
    public StreamTranslator openStream(ProviderCall call) {
        return new ScriptStreamTranslator(call, this);
    }

    /** One stream event through the script: the step, or a failure (the relay then ends the stream with an error). */
    ScriptStreamStep step(ProviderCall call, ScriptProviderCall view, String data) {
        Object parsed = data.strip().equals("[DONE]") ? "[DONE]" : parse(data.getBytes(StandardCharsets.UTF_8));
        return invoke(call, "streamEvent", ScriptStreamStep.class, ProviderScript::streamEventHandler,
                handler -> handler.call(parsed, view));
    }

    @Override
    public ProviderError translateError(ProviderCall call, int status, byte[] upstreamBody) {
        ProviderError fallback = new ProviderError(status, ErrorTypes.openAi(status), null, null,
                "The upstream of provider '" + settings.id() + "' answered " + status + ".", null);
        ProviderScript script = scripts.current();
        if (script == null || script.errorHandler() == null) {
            return fallback;
        }
        Object parsed = parseOrText(upstreamBody);
        try {
            ScriptFailure failure = invoke(call, "error", ScriptFailure.class, ProviderScript::errorHandler,
                    handler -> handler.call(status, parsed, new ScriptProviderCall(call, ScriptProviderTranslator.JSON)));
            String message = failure.message() == null ? fallback.message() : failure.message();
            return new ProviderError(failure.status(), ErrorTypes.openAi(failure.status()), failure.code(), null, message, null);
        } catch (GatewayException e) {
            return fallback; // the script failed on an error: the client still hears the upstream's status
        }
    }

    /** Runs {@code handler} of the running script; a failure is logged once, with the trace id, and thrown as a 502. */
    private <T> T invoke(ProviderCall call, String what, Class<T> type, Function<ProviderScript, Closure<?>> handlerOf,
            Function<Closure<?>, Object> use) {
        try {
            return scripts.call(script -> {
                Closure<?> handler = handlerOf.apply(script);
                if (handler == null) {
                    throw new ScriptCall.Contract("the script registers no " + what + " { }");
                }
                Object result = use.apply(handler);
                if (!type.isInstance(result)) {
                    throw new ScriptCall.Contract(what + " returned " + (result == null ? "nothing" : result.getClass().getSimpleName())
                            + "; return " + expected(what));
                }
                return type.cast(result);
            });
        } catch (ScriptCall.Failed e) {
            LOG.warn("trace {}: provider script {} {} failed: {}", call.context().traceId(), fileId, what, e.getMessage());
            throw new GatewayException(502, "api_error", CODE, null,
                    "Provider script '" + fileId + "' failed (" + e.brief() + "); the request was not answered.");
        }
    }

    private static String expected(String what) {
        return switch (what) {
            case "prepare" -> "request(path: ..., body: ...)";
            case "response" -> "reply(text: ..., promptTokens: ..., completionTokens: ...)";
            case "streamEvent" -> "delta(text), finish(...) or skip()";
            default -> "failure(status, message)";
        };
    }

    private static Object parse(byte[] body) {
        try {
            return JSON.readValue(body, Object.class);
        } catch (IOException e) {
            throw new GatewayException(502, "api_error", "invalid_upstream_answer", null, "The upstream's answer is not JSON.");
        }
    }

    private static Object parseOrText(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        try {
            return JSON.readValue(body, Object.class);
        } catch (IOException e) {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private static byte[] json(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("request(body: ...) cannot be written as JSON: " + e.getOriginalMessage());
        }
    }
}
