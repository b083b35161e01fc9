package dev.caravan.plugins.guardrails;

import com.fasterxml.jackson.databind.JsonNode;
import dev.caravan.api.guardrail.GuardCheck;
import dev.caravan.api.guardrail.Guardrail;
import dev.caravan.pii.Detector;
import dev.caravan.pii.Detectors;
import dev.caravan.pii.PiiMasker;
import dev.caravan.pii.PiiScanner;
import java.util.List;
import java.util.Set;
import org.pf4j.Extension;

/**
 * {@code pii}: personal data and secrets in the prompt or the answer.
 *
 * <p>Options: {@code detectors} (subset of {@code email, phone, credit_card, iban, us_ssn, ipv4,
 * ipv6, secret}; default all), {@code action} ({@code deny} default, {@code warn}, {@code redact}:
 * each finding replaced by {@code [EMAIL]}, {@code [CREDIT_CARD]} …), {@code stream_action}
 * ({@code deny} default or {@code warn}: used when {@code redact} is impossible),
 * {@code max_chars} (default 1,048,576). See {@link MaskingCheck} for the verdicts.
 */
@Extension
public final class PiiGuardrail implements Guardrail {

    static final String ID = "pii";
    static final int DEFAULT_MAX_CHARS = 1 << 20;
    private static final Set<String> OPTIONS = Set.of("detectors", "action", "stream_action", "max_chars");

    @Override
    public String id() {
        return ID;
    }

    @Override
    public GuardCheck configure(JsonNode options) {
        Options o = Options.of(options, OPTIONS);
        List<Detector> detectors = detectors(o);
        return maskingCheck(ID, o, new PiiMasker(new PiiScanner(detectors))::mask);
    }

    static MaskingCheck maskingCheck(String id, Options o, TextMasker masker) {
        return new MaskingCheck(id, Actions.action(o, id, Actions.DENY_WARN_OR_REDACT), Actions.streamAction(o, id),
                o.integer("max_chars", 1, Integer.MAX_VALUE, DEFAULT_MAX_CHARS), masker);
    }

    private static List<Detector> detectors(Options o) {
        if (!o.has("detectors")) {
            return Detectors.all();
        }
        List<String> ids = o.requiredStrings("detectors");
        try {
            return Detectors.byIds(ids);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("detectors: " + e.getMessage(), e);
        }
    }
}
