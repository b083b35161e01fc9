package dev.caravan.platform.guard;

import dev.caravan.platform.upstream.StreamInspector;
import java.util.List;

/**
 * The response guardrails of one request, resolved by {@code guardInput}.
 *
 * @param response the checks for a complete answer ({@code guardOutput})
 * @param stream   for a streamed request with response checks, the inspector {@code callUpstream}
 *                 gives the stream relay; else null
 */
public record GuardPlan(List<BoundGuard> response, StreamInspector stream) {

    public GuardPlan {
        response = List.copyOf(response);
    }
}
