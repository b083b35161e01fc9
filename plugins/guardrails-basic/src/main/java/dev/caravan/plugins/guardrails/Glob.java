package dev.caravan.plugins.guardrails;

import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Name patterns where {@code *} stands for any run of characters (possibly empty); everything else is literal and case-sensitive. */
final class Glob {

    private final Pattern pattern;

    private Glob(Pattern pattern) {
        this.pattern = pattern;
    }

    static Glob anyOf(List<String> globs) {
        String alternation = globs.stream().map(Glob::toRegex).collect(Collectors.joining("|"));
        return new Glob(Pattern.compile("(?:" + alternation + ")"));
    }

    private static String toRegex(String glob) {
        String[] literals = glob.split("\\*", -1);
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < literals.length; i++) {
            if (i > 0) {
                regex.append(".*");
            }
            if (!literals[i].isEmpty()) {
                regex.append(Pattern.quote(literals[i]));
            }
        }
        return regex.toString();
    }

    boolean matches(String name) {
        return name != null && pattern.matcher(name).matches();
    }
}
