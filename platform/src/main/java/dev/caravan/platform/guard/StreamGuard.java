package dev.caravan.platform.guard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caravan.api.guardrail.GuardPhase;
import dev.caravan.api.guardrail.GuardVerdict.Action;
import dev.caravan.api.provider.SseEvent;
import dev.caravan.platform.exchange.RequestState;
import dev.caravan.platform.upstream.StreamInspector;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The response guardrails of one streamed answer. Events are held back until the text they add
 * has been checked: a check runs each time {@code checkChars} new characters have accumulated (for
 * long answers the step grows to a quarter of the text so far, at most {@value #MAX_STEP}, so the
 * total work stays linear-ish in the answer's length) and once more at the end with
 * {@code complete = true}. A denial ends the stream with an error event instead of the held events.
 * A stream cannot be rewritten, so a REDACT verdict stops it too.
 *
 * <p>Not thread-safe on its own: the relay never overlaps two {@link #inspect} calls.
 */
public final class StreamGuard implements StreamInspector {

    static final int MAX_STEP = 4_096;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final GuardRunner runner;
    private final List<BoundGuard> guards;
    private final RequestState state;
    private final int checkChars;
    private final List<SseEvent> held = new ArrayList<>();
    private final StringBuilder text = new StringBuilder();
    private final Map<BoundGuard, GuardResult> strongest = new LinkedHashMap<>();
    private int unchecked;

    public StreamGuard(GuardRunner runner, List<BoundGuard> guards, RequestState state, int checkChars) {
        this.runner = runner;
        this.guards = List.copyOf(guards);
        this.state = state;
        this.checkChars = checkChars;
    }

    @Override
    public CompletableFuture<Release> inspect(List<SseEvent> events, boolean complete) {
        held.addAll(events);
        for (SseEvent event : events) {
            String piece = textOf(event);
            text.append(piece);
            unchecked += piece.length();
        }
        if (!complete && unchecked < step()) {
            return CompletableFuture.completedFuture(Release.of(List.of()));
        }
        unchecked = 0;
        String snapshot = text.toString();
        return runner.runAll(guards, GuardPhase.RESPONSE, state.context(), null, body -> snapshot, complete)
                .thenApply(outcome -> decide(outcome, complete));
    }

    private Release decide(PhaseOutcome outcome, boolean complete) {
        GuardResult denial = outcome.denial();
        for (GuardResult result : outcome.results()) {
            if (denial == null && result.action() == Action.REDACT) {
                denial = new GuardResult(result.guard(), result.verdict(), null, Action.DENY);
                result = denial;
            }
            strongest.merge(result.guard(), result, (a, b) -> rank(b) > rank(a) ? b : a);
        }
        if (denial != null) {
            GuardDecisions.record(state, GuardPhase.RESPONSE, strongest.values());
            state.outcome().fail(200, GuardrailErrors.TYPE, GuardrailErrors.message(GuardPhase.RESPONSE, denial));
            held.clear();
            return Release.stopWith(GuardrailErrors.streamStop(state.endpoint(), denial));
        }
        if (complete) {
            GuardDecisions.record(state, GuardPhase.RESPONSE, strongest.values());
        }
        List<SseEvent> release = List.copyOf(held);
        held.clear();
        return Release.of(release);
    }

    private int step() {
        return Math.max(checkChars, Math.min(text.length() / 4, MAX_STEP));
    }

    private static int rank(GuardResult r) {
        if (r.error() != null) {
            return r.denies() ? 4 : 1;
        }
        return switch (r.action()) {
            case PASS -> 0;
            case WARN -> 2;
            case REDACT -> 3;
            case DENY -> 4;
        };
    }

    private static String textOf(SseEvent event) {
        String data = event.data();
        if (data == null || data.isEmpty() || data.charAt(0) != '{') {
            return ""; // [DONE] and other non-JSON frames carry no answer text
        }
        try {
            JsonNode node = JSON.readTree(data);
            return GuardText.ofStreamEvent(node);
        } catch (java.io.IOException e) {
            return "";
        }
    }
}
