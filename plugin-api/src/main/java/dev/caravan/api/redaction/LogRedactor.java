package dev.caravan.api.redaction;

import dev.caravan.api.RequestContext;
import org.pf4j.ExtensionPoint;

/**
 * Masks sensitive data in request and response bodies before they are stored in logs.
 *
 * <p>Called by the platform's asynchronous log writer, off the request path, for tenants whose
 * logging mode is {@code redacted}. Redactors run in a chain; each gets the previous one's output.
 * Implementations must be thread-safe, must not do I/O, and must never return the original
 * sensitive value in any form (not hashed, not truncated).
 */
public interface LogRedactor extends ExtensionPoint {

    /** The id operators name in the logging config, e.g. {@code pii}. */
    String id();

    Redaction redact(String text, RequestContext context);
}
