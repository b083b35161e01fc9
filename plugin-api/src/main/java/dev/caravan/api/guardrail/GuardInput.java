package dev.caravan.api.guardrail;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.caravan.api.RequestContext;

/**
 * What a guardrail inspects.
 *
 * @param phase    request or response
 * @param context  who is calling
 * @param body     the canonical request (REQUEST) or response (RESPONSE, non-streamed) body; null
 *                 for stream checks. Read-only: return a transformed copy in the verdict instead.
 * @param text     the user-visible text: prompt messages joined (REQUEST), or the answer text so
 *                 far (RESPONSE, including streams)
 * @param complete false while a stream is still running
 */
public record GuardInput(GuardPhase phase, RequestContext context, ObjectNode body, String text, boolean complete) {}
