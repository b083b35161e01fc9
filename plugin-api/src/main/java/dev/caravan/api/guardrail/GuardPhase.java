package dev.caravan.api.guardrail;

/** Where in the pipeline a guardrail check runs. */
public enum GuardPhase {
    /** On the client's request, before it goes upstream. */
    REQUEST,
    /** On the model's answer: the whole body, or the text accumulated so far in a stream. */
    RESPONSE
}
