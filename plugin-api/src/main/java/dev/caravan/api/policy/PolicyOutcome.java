package dev.caravan.api.policy;

import dev.caravan.api.Money;
import dev.caravan.api.RequestContext;
import dev.caravan.api.Usage;

/**
 * What happened to a request a policy admitted; handed back once the request is finished
 * (after the last byte of a stream, after a client disconnect, or after a failure).
 *
 * @param context   who called
 * @param decision  this policy's own decision for the request (with its reservation)
 * @param status    final HTTP status sent to the client
 * @param usage     tokens actually used (zero when the upstream failed before answering)
 * @param cost      cost of that usage, or null when the model has no price
 * @param completed false when the client disconnected or the upstream failed mid-way
 */
public record PolicyOutcome(
        RequestContext context, PolicyDecision decision, int status, Usage usage, Money cost, boolean completed) {}
