package dev.caravan.platform.policy.script;

import groovy.lang.Closure;
import java.util.Map;
import java.util.Set;

/**
 * Base class of every provider script ({@code policies/providers/*.groovy}): translates between
 * the canonical (OpenAI chat) form and an upstream whose JSON API is its own; the platform still
 * transports (docs/providers.md, "Provider scripts"). The body runs once when the file is loaded
 * and registers the handlers:
 *
 * <pre>
 * prepare { call -> request(path: '/generate', body: [prompt: call.prompt, max_new_tokens: call.maxTokens ?: 256]) }
 * response { body, call -> reply(text: body.generated_text, promptTokens: body.tokens_in, completionTokens: body.tokens_out) }
 * streamFormat 'lines'
 * streamEvent { event, call -> event.done ? finish(promptTokens: event.tokens_in, completionTokens: event.tokens_out) : delta(event.token) }
 * error { status, body, call -> failure(status, body?.error ?: "upstream status ${status}") }
 * </pre>
 *
 * Handlers run concurrently for many calls: state kept in script variables must be thread-safe.
 */
public abstract class ProviderScript extends SandboxedScript {

    private static final Set<String> REQUEST_KEYS = Set.of("path", "method", "headers", "body", "auth");
    private static final Set<String> ANSWER_KEYS = Set.of("text", "promptTokens", "completionTokens", "finishReason");

    private volatile Closure<?> prepare;
    private volatile Closure<?> response;
    private volatile Closure<?> streamEvent;
    private volatile Closure<?> error;
    private volatile boolean lines;

    /** Registers how the upstream request is made from a {@link ScriptProviderCall}: return {@link #request}. */
    public void prepare(Closure<?> handler) {
        this.prepare = handler;
    }

    /** Registers how a complete 2xx answer (parsed JSON) becomes the chat answer: return {@link #reply}. */
    public void response(Closure<?> handler) {
        this.response = handler;
    }

    /** Registers how one stream event (its parsed JSON) is translated: return {@link #delta}, {@link #finish} or {@link #skip}. */
    public void streamEvent(Closure<?> handler) {
        this.streamEvent = handler;
    }

    /** Registers how a non-2xx answer (status, parsed JSON or text, call) becomes the client's error: return {@link #failure}. */
    public void error(Closure<?> handler) {
        this.error = handler;
    }

    /** {@code 'sse'} (the default: server-sent events) or {@code 'lines'}: one JSON object per line. */
    public void streamFormat(String format) {
        if (!"sse".equals(format) && !"lines".equals(format)) {
            throw new IllegalArgumentException("streamFormat: 'sse' or 'lines', got '" + format + "'");
        }
        this.lines = "lines".equals(format);
    }

    /**
     * The upstream request: {@code path} (appended to the provider's {@code base_url}; required),
     * {@code method} (POST), {@code headers}, {@code body} (a map or list sent as JSON), {@code auth}
     * ({@code 'bearer'}: {@code Authorization: Bearer <api_key>}; or the name of the header that
     * carries the key; none by default). The script never sees the key.
     */
    public ScriptUpstreamCall request(Map<String, ?> spec) {
        checkKeys("request", spec, REQUEST_KEYS);
        return ScriptUpstreamCall.of(spec);
    }

    /** The chat answer: {@code text}, {@code promptTokens}, {@code completionTokens}, {@code finishReason} ({@code stop}). */
    public ScriptAnswer reply(Map<String, ?> spec) {
        checkKeys("reply", spec, ANSWER_KEYS);
        return ScriptAnswer.of(spec, false);
    }

    /** A piece of streamed text. */
    public ScriptStreamStep delta(Object text) {
        return ScriptStreamStep.delta(text == null ? "" : text.toString());
    }

    /** The proper end of the stream, with its usage: {@code promptTokens}, {@code completionTokens}, {@code finishReason}. */
    public ScriptStreamStep finish(Map<String, ?> spec) {
        checkKeys("finish", spec, ANSWER_KEYS);
        return ScriptStreamStep.finish(ScriptAnswer.of(spec, true));
    }

    /** The end of the stream without usage. */
    public ScriptStreamStep finish() {
        return finish(Map.of());
    }

    /** An event with nothing for the client (a keep-alive). */
    public ScriptStreamStep skip() {
        return ScriptStreamStep.SKIP;
    }

    /** The client's error: the status (400..599) and a message (never the upstream's credentials). */
    public ScriptFailure failure(int status, Object message) {
        return new ScriptFailure(status, null, message == null ? null : message.toString());
    }

    /** {@link #failure(int, Object)} with an OpenAI error {@code code}. */
    public ScriptFailure failure(int status, String code, Object message) {
        return new ScriptFailure(status, code, message == null ? null : message.toString());
    }

    private static void checkKeys(String what, Map<String, ?> spec, Set<String> allowed) {
        for (String key : spec.keySet()) {
            if (!allowed.contains(key)) {
                throw new IllegalArgumentException(what + "(): unknown key '" + key + "' (allowed: " + String.join(", ", new java.util.TreeSet<>(allowed)) + ")");
            }
        }
    }

    Closure<?> prepareHandler() {
        return prepare;
    }

    Closure<?> responseHandler() {
        return response;
    }

    Closure<?> streamEventHandler() {
        return streamEvent;
    }

    Closure<?> errorHandler() {
        return error;
    }

    boolean linesFramed() {
        return lines;
    }
}
