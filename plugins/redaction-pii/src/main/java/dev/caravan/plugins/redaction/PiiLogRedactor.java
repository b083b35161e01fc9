package dev.caravan.plugins.redaction;

import dev.caravan.api.RequestContext;
import dev.caravan.api.redaction.LogRedactor;
import dev.caravan.api.redaction.Redaction;
import dev.caravan.pii.PiiMasker;
import dev.caravan.pii.PiiScanner;
import org.pf4j.Extension;

/**
 * Log redactor {@code pii}: masks every kind the bundled detectors know ({@code email},
 * {@code phone}, {@code credit_card}, {@code iban}, {@code us_ssn}, {@code ipv4}, {@code ipv6},
 * {@code secret}) in a stored request or response body, replacing each value with a fixed
 * placeholder ({@code [EMAIL]}, {@code [CREDIT_CARD]} …) and counting findings per kind.
 *
 * <p>Works on any text: JSON bodies (values right after a JSON escape such as {@code \n} are
 * found, and the escape is kept intact), SSE streams, plain text. The placeholder is the same for
 * every value of a kind, so nothing of the original survives: no prefix, suffix, length or hash.
 * Stateless and thread-safe; linear in the text length.
 */
@Extension
public final class PiiLogRedactor implements LogRedactor {

    static final String ID = "pii";

    private final PiiMasker masker = new PiiMasker(PiiScanner.all());

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Redaction redact(String text, RequestContext context) {
        if (text == null || text.isEmpty()) {
            return Redaction.unchanged(text);
        }
        PiiMasker.Masked masked = masker.mask(text);
        return masked.counts().isEmpty() ? Redaction.unchanged(text) : new Redaction(masked.text(), masked.counts());
    }
}
