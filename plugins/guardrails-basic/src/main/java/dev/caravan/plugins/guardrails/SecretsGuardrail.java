package dev.caravan.plugins.guardrails;

import com.fasterxml.jackson.databind.JsonNode;
import dev.caravan.api.guardrail.GuardCheck;
import dev.caravan.api.guardrail.Guardrail;
import dev.caravan.pii.Detectors;
import dev.caravan.pii.PiiKind;
import dev.caravan.pii.PiiMasker;
import dev.caravan.pii.PiiScanner;
import java.util.List;
import java.util.Set;
import org.pf4j.Extension;

/**
 * {@code secrets}: API keys, tokens and private keys (the {@code secret} detector alone), so an
 * operator can block credentials without blocking e-mail addresses. Options as {@link PiiGuardrail}
 * without {@code detectors}: {@code action}, {@code stream_action}, {@code max_chars}.
 */
@Extension
public final class SecretsGuardrail implements Guardrail {

    static final String ID = "secrets";
    private static final Set<String> OPTIONS = Set.of("action", "stream_action", "max_chars");

    @Override
    public String id() {
        return ID;
    }

    @Override
    public GuardCheck configure(JsonNode options) {
        Options o = Options.of(options, OPTIONS);
        PiiMasker masker = new PiiMasker(new PiiScanner(List.of(Detectors.of(PiiKind.SECRET))));
        return PiiGuardrail.maskingCheck(ID, o, masker::mask);
    }
}
