package dev.caravan.plugins.guardrails;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Scored phrase families of prompt-injection attempts. A text's score is the sum of the scores of
 * the families it contains (each family counted once), capped at 1.0. A strong family (overriding
 * the instructions, asking for the system prompt, an unrestricted persona, bypassing safety)
 * reaches the default threshold 0.5 alone; weak signals (a chat-template role marker, "new
 * instructions:") only together with another, since they also occur in honest questions.
 *
 * <p>Patterns are matched on a normalised copy of the text (lower case, zero-width characters
 * removed, whitespace runs collapsed) and use only bounded gaps ({@code .{0,40}}), so matching is
 * linear in the text length. Ordinary sentences that share words with an attack ("ignore the
 * previous email", "what is a system prompt?", "show the system prompt field") do not match:
 * each pattern needs the verb, the object and the instruction noun together.
 */
final class InjectionPhrases {

    record Family(String id, double score, Pattern pattern) {}

    private static final String PRIOR = "(?:all |any |the |your |my |these |those |every )?(?:of )?(?:the |your )?"
            + "(?:previous|prior|above|earlier|preceding|original|initial|system|developer)";
    private static final String RULES = "(?:instructions?|prompts?|rules|directions|guidelines|directives|commands|context|guardrails)";

    static final List<Family> FAMILIES = List.of(
            family("instruction_override", 0.6,
                    "\\b(?:ignore|disregard|forget|override|skip|drop|abandon) " + PRIOR + " " + RULES + "\\b",
                    "\\b(?:ignore|disregard|forget) (?:everything|all) (?:you were|you've been|you have been|that you were) (?:told|given|instructed)\\b"),
            family("new_instructions", 0.3,
                    "\\b(?:new|updated|real|actual) (?:system )?instructions ?:",
                    "\\bfrom now on,? you (?:will|must|shall|are going to) (?:only )?(?:obey|follow|answer|respond|ignore)\\b"),
            family("system_prompt_extraction", 0.5,
                    "\\b(?:reveal|show|print|repeat|output|display|leak|dump|tell me|give me|write out|recite) (?:me )?"
                            + "(?:your (?:full |entire |exact )?"
                            + "(?:system prompt|system message|initial prompt|(?:original|initial|hidden|secret|system) instructions)"
                            + "|the (?:full |entire |exact )?(?:hidden|secret|initial|original) (?:system prompt|instructions|prompt))\\b",
                    "\\brepeat (?:the|all|everything) (?:text |words )?(?:above|before this)\\b"),
            family("role_play_jailbreak", 0.5,
                    "\\byou are now (?:dan|an? (?:unrestricted|unfiltered|uncensored|jailbroken)|in (?:developer|god|jailbreak) mode)\\b",
                    "\\b(?:act|behave|respond) as (?:an? )?(?:unrestricted|unfiltered|uncensored|jailbroken) (?:ai|assistant|model|version)\\b",
                    "\\bpretend (?:that )?(?:you have|you've got|there are) no (?:rules|restrictions|guidelines|filters|limits)\\b",
                    "\\b(?:developer|jailbreak|god) mode (?:enabled|activated|on)\\b",
                    "\\bdo anything now\\b"),
            family("safety_bypass", 0.5,
                    "\\b(?:bypass|disable|turn off|deactivate|circumvent) (?:your|the|all|any) (?:safety|content|moderation|ethical) "
                            + "(?:filters?|policy|policies|guidelines|restrictions|checks|guardrails)\\b"),
            family("delimiter_injection", 0.4,
                    "<\\|(?:im_start|im_end|system|endoftext|start_header_id)\\|>",
                    "\\[/?inst\\]|<</?sys>>",
                    "(?:^|\\n)#{2,} ?(?:system|new instructions)\\b",
                    "\\b(?:end of (?:user )?(?:input|prompt|conversation)|</?(?:system|instructions)>)"));

    private InjectionPhrases() {}

    private static Family family(String id, double score, String... patterns) {
        return new Family(id, score, Pattern.compile(String.join("|", patterns)));
    }

    /** The families found in {@code text} (normalised first), in {@link #FAMILIES} order, with their scores. */
    static Map<String, Double> found(String text) {
        String normal = normalise(text);
        Map<String, Double> hits = new LinkedHashMap<>();
        for (Family f : FAMILIES) {
            if (f.pattern().matcher(normal).find()) {
                hits.put(f.id(), f.score());
            }
        }
        return hits;
    }

    static String normalise(String text) {
        return text.toLowerCase(Locale.ROOT)
                .replaceAll("[\\u200B-\\u200D\\u2060\\uFEFF]", "")
                .replaceAll("[\\t\\x0B\\f\\r ]+", " ")
                .replaceAll(" ?\\n ?", "\n")
                .replace('’', '\'');
    }
}
