package dev.caravan.plugins.guardrails;

import com.fasterxml.jackson.databind.JsonNode;
import dev.caravan.api.guardrail.GuardCheck;
import dev.caravan.api.guardrail.Guardrail;
import dev.caravan.pii.PiiMasker.Masked;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;
import org.pf4j.Extension;

/**
 * {@code regex}: operator patterns and word lists.
 *
 * <p>Options: {@code patterns} (Java regular expressions; use {@code (?i)} for case-insensitive)
 * and/or {@code words} (matched case-insensitively as whole words: {@code falcon} matches
 * "Falcon," but not "falconry"); {@code action} ({@code deny} default, {@code warn},
 * {@code redact}: each match replaced by {@code [REDACTED]}); {@code stream_action};
 * {@code max_chars}. Findings are counted as {@code pattern_1}, {@code pattern_2} … (position in
 * {@code patterns}) and {@code word}; reasons never quote the matched text.
 *
 * <p>Each pattern may read the text at most {@value #BUDGET_PER_CHAR} times per character (plus a
 * constant) per evaluation: a pattern that backtracks catastrophically on some input gets the configured
 * action (or {@code stream_action} for {@code redact}) instead of hanging the worker.
 */
@Extension
public final class RegexGuardrail implements Guardrail {

    static final String ID = "regex";
    static final int BUDGET_PER_CHAR = 200;
    private static final Set<String> OPTIONS = Set.of("patterns", "words", "action", "stream_action", "max_chars");

    @Override
    public String id() {
        return ID;
    }

    @Override
    public GuardCheck configure(JsonNode options) {
        Options o = Options.of(options, OPTIONS);
        Map<String, Pattern> rules = new LinkedHashMap<>();
        List<String> patterns = o.strings("patterns");
        for (int i = 0; i < patterns.size(); i++) {
            rules.put("pattern_" + (i + 1), compile(patterns.get(i), i));
        }
        List<String> words = o.strings("words");
        if (!words.isEmpty()) {
            rules.put("word", wordPattern(words));
        }
        if (rules.isEmpty()) {
            throw new IllegalArgumentException("patterns: required (or words): a non-empty list of regular expressions");
        }
        MaskingCheck check = PiiGuardrail.maskingCheck(ID, o, text -> mask(text, rules));
        return input -> {
            try {
                return check.check(input);
            } catch (BudgetedText.Exhausted e) {
                return check.unscannable("a pattern exceeded its evaluation budget; text not scanned");
            }
        };
    }

    private static Pattern compile(String regex, int index) {
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("patterns[" + index + "]: not a valid regular expression: "
                    + e.getDescription() + " near index " + e.getIndex(), e);
        }
    }

    /** One alternation of the quoted words, longest first, bounded by non-word characters (Unicode-aware). */
    private static Pattern wordPattern(List<String> words) {
        String alternation = words.stream().map(String::strip).distinct()
                .sorted(Comparator.comparingInt(String::length).reversed())
                .map(Pattern::quote)
                .collect(Collectors.joining("|"));
        return Pattern.compile("(?<![\\p{L}\\p{N}_])(?:" + alternation + ")(?![\\p{L}\\p{N}_])",
                Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    }

    private static Masked mask(String text, Map<String, Pattern> rules) {
        List<int[]> spans = new ArrayList<>();
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (Map.Entry<String, Pattern> rule : rules.entrySet()) {
            // A budget per pattern: many well-behaved patterns never add up to a false alarm.
            Matcher m = rule.getValue().matcher(new BudgetedText(text, (long) BUDGET_PER_CHAR * text.length() + 100_000));
            while (m.find()) {
                if (m.end() > m.start()) {
                    spans.add(new int[] {m.start(), m.end()});
                    counts.merge(rule.getKey(), 1, Integer::sum);
                }
            }
        }
        return new Masked(Spans.replace(text, spans, "[REDACTED]"), counts);
    }
}
