package dev.caravan.pii;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * IPv6 addresses: eight groups of one to four hex digits, or fewer with one {@code ::}, optionally
 * ending in an embedded IPv4 address ({@code ::ffff:192.0.2.1}). To keep false positives out, an
 * address needs at least two hex groups and at least one decimal digit, so times ({@code 12:30:45}),
 * MAC addresses (six groups, no {@code ::}), {@code ::1} alone and words such as {@code Bad::Add}
 * are not reported.
 */
final class Ipv6Detector extends PatternDetector {

    private static final Pattern CANDIDATE = Pattern.compile(
            // the lookahead requires a colon early, so plain hex words and numbers fail at once
            "(?=[0-9A-Fa-f]{0,4}:)" + Boundary.notAfter("\\w:.") + "[0-9A-Fa-f:][0-9A-Fa-f:.]{1,44}(?![\\w:])");
    private static final Pattern IPV4_TAIL = Pattern.compile(
            "(?:(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");

    Ipv6Detector() {
        super(PiiKind.IPV6, CANDIDATE);
    }

    @Override
    int end(Matcher m, CharSequence text) {
        String candidate = m.group();
        int end = m.end();
        while (candidate.endsWith(".")) { // the full stop of a sentence
            candidate = candidate.substring(0, candidate.length() - 1);
            end--;
        }
        return valid(candidate) ? end : -1;
    }

    static boolean valid(String s) {
        int compressed = s.indexOf("::");
        if (compressed != s.lastIndexOf("::") || s.contains(":::") || s.chars().noneMatch(Character::isDigit)) {
            return false;
        }
        int units;
        int groups;
        if (compressed < 0) {
            int[] counted = count(s, true);
            units = counted[0];
            groups = counted[1];
            if (units != 8) {
                return false;
            }
        } else {
            int[] head = count(s.substring(0, compressed), false);
            int[] tail = count(s.substring(compressed + 2), true);
            if (head[0] < 0 || tail[0] < 0) {
                return false;
            }
            units = head[0] + tail[0];
            groups = head[1] + tail[1];
            if (units > 7) {
                return false;
            }
        }
        return units >= 0 && groups >= 2;
    }

    /** {units, groups} of a colon-separated run of groups ("" has none), or {-1, 0} when malformed. */
    private static int[] count(String part, boolean mayEndInIpv4) {
        if (part.isEmpty()) {
            return new int[] {0, 0};
        }
        String[] groups = part.split(":", -1);
        int units = 0;
        for (int i = 0; i < groups.length; i++) {
            String g = groups[i];
            if (mayEndInIpv4 && i == groups.length - 1 && g.contains(".")) {
                if (!IPV4_TAIL.matcher(g).matches()) {
                    return new int[] {-1, 0};
                }
                units += 2;
            } else if (!g.isEmpty() && g.length() <= 4 && g.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                units++;
            } else {
                return new int[] {-1, 0};
            }
        }
        return new int[] {units, groups.length};
    }
}
