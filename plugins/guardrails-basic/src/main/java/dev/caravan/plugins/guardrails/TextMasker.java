package dev.caravan.plugins.guardrails;

import dev.caravan.pii.PiiMasker.Masked;

/** Finds what a guardrail looks for in a text and masks it; thread-safe. */
@FunctionalInterface
interface TextMasker {

    /** The text with every finding masked, and the findings counted per label (e.g. {@code email}, {@code pattern_1}). */
    Masked mask(String text);
}
