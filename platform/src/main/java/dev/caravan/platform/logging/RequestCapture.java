package dev.caravan.platform.logging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * What the pipeline hands to the request log besides the receipt: the do-not-track header, the
 * credentials the client presented (so they can be scrubbed from stored bodies), the
 * non-streamed response body, and a stream's answer text. Cheap on the request path: only
 * references are kept; bodies are serialized, scrubbed and redacted on the log writer's thread.
 * Written by one pipeline thread at a time (then the stream relay), read by the writer after the
 * request finished (the queue hand-off orders those accesses).
 */
public final class RequestCapture {

    public static final String DO_NOT_TRACK_HEADER = "x-caravan-do-not-track";
    /** Request headers that carry credentials; their values never reach storage. */
    static final List<String> CREDENTIAL_HEADERS = List.of("authorization", "x-api-key", "api-key", "x-goog-api-key");
    private static final ObjectMapper JSON = new ObjectMapper();

    private volatile boolean doNotTrack;
    private volatile List<String> presentedSecrets = List.of();
    private volatile byte[] responseBody;
    private StringBuilder streamText;
    private int streamLimit;
    private volatile boolean streamTruncated;

    /**
     * Reads the do-not-track header and the credential headers.
     *
     * @throws IllegalArgumentException when {@code x-caravan-do-not-track} is neither true nor false
     */
    public void readHeaders(HttpHeaders headers) {
        String dnt = headers.get(DO_NOT_TRACK_HEADER);
        if (dnt != null) {
            String value = dnt.trim().toLowerCase(Locale.ROOT);
            if (value.equals("true") || value.equals("1")) {
                doNotTrack = true;
            } else if (!value.equals("false") && !value.equals("0")) {
                throw new IllegalArgumentException("must be 'true' or 'false'");
            }
        }
        List<String> secrets = new ArrayList<>(2);
        for (String name : CREDENTIAL_HEADERS) {
            for (String value : headers.getAll(name)) {
                String v = value.trim();
                if (v.regionMatches(true, 0, "Bearer ", 0, 7) || v.regionMatches(true, 0, "Basic ", 0, 6)) {
                    v = v.substring(v.indexOf(' ') + 1).trim();
                }
                if (!v.isEmpty()) {
                    secrets.add(v);
                }
            }
        }
        presentedSecrets = List.copyOf(secrets);
    }

    public boolean doNotTrack() {
        return doNotTrack;
    }

    public List<String> presentedSecrets() {
        return presentedSecrets;
    }

    /** The response body sent to the client (a reference; not copied). */
    public void response(byte[] body) {
        this.responseBody = body;
    }

    public byte[] responseBody() {
        return responseBody;
    }

    /**
     * A consumer of a stream's translated event data that accumulates the answer text (chat
     * {@code choices[].delta.content}, or {@code delta.text} of Anthropic-style events), at most
     * {@code limit} characters; past that it only marks the text truncated.
     */
    public Consumer<String> streamTap(int limit) {
        this.streamLimit = limit;
        this.streamText = new StringBuilder();
        return this::onStreamData;
    }

    private void onStreamData(String data) {
        if (streamTruncated || data.isEmpty() || data.charAt(0) != '{') {
            return; // "[DONE]" and the like carry no answer text
        }
        try {
            JsonNode event = JSON.readTree(data);
            for (JsonNode choice : event.path("choices")) {
                append(choice.path("delta").path("content"));
            }
            append(event.path("delta").path("text"));
        } catch (java.io.IOException | RuntimeException e) {
            // Not JSON: nothing to keep. The client got the event; the log just lacks its text.
        }
    }

    private void append(JsonNode text) {
        if (!text.isTextual()) {
            return;
        }
        String s = text.asText();
        int room = streamLimit - streamText.length();
        if (s.length() > room) {
            streamText.append(s, 0, Math.max(0, room));
            streamTruncated = true;
        } else {
            streamText.append(s);
        }
    }

    /** The accumulated answer of a stream, or null when the request was not streamed (or not tapped). */
    public String streamText() {
        return streamText == null ? null : streamText.toString();
    }

    public boolean streamTruncated() {
        return streamTruncated;
    }
}
