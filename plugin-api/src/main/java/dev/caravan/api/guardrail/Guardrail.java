package dev.caravan.api.guardrail;

import com.fasterxml.jackson.databind.JsonNode;
import org.pf4j.ExtensionPoint;

/**
 * A kind of guardrail (regex, PII, prompt injection, schema...). A factory: the platform calls
 * {@link #configure} once per configured use (per tenant, key or alias) at start-up or reload, and
 * the returned {@link GuardCheck} per request.
 */
public interface Guardrail extends ExtensionPoint {

    /** The id operators write in {@code guardrails[].plugin}, e.g. {@code pii}. */
    String id();

    /**
     * Validates {@code options} and returns a ready check. Throws {@link IllegalArgumentException}
     * naming the bad option for invalid options; the platform reports it with the config path.
     */
    GuardCheck configure(JsonNode options);
}
