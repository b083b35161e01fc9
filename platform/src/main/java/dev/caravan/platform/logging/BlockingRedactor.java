package dev.caravan.platform.logging;

import dev.caravan.api.redaction.LogRedactor;

/**
 * A log redactor that waits for another thread (a redactor script runs on the script pool, within
 * its time limit): the log writer thread may call it, the request path may not, because the
 * request path can be a Netty event loop. Receipt texts of a tenant using one are therefore
 * withheld ({@link StoredText}) rather than redacted: failing closed, never stored unredacted.
 */
public interface BlockingRedactor extends LogRedactor {}
