package dev.caravan.plugins.guardrails;

import dev.caravan.api.guardrail.GuardVerdict.Action;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** Reads the {@code action} and {@code stream_action} options: {@code deny} (default), {@code redact}, {@code warn}. */
final class Actions {

    static final Set<Action> DENY_OR_WARN = Set.of(Action.DENY, Action.WARN);
    static final Set<Action> DENY_WARN_OR_REDACT = Set.of(Action.DENY, Action.WARN, Action.REDACT);

    private Actions() {}

    static Action action(Options options, String guardrailId, Set<Action> allowed) {
        return parse(options, "action", guardrailId, allowed);
    }

    /** What to do when a {@code redact} guardrail finds something it cannot redact (a streamed answer). */
    static Action streamAction(Options options, String guardrailId) {
        return parse(options, "stream_action", guardrailId, DENY_OR_WARN);
    }

    private static Action parse(Options options, String name, String guardrailId, Set<Action> allowed) {
        String value = options.text(name, "deny");
        Action action = switch (value.toLowerCase(Locale.ROOT)) {
            case "deny" -> Action.DENY;
            case "warn" -> Action.WARN;
            case "redact" -> Action.REDACT;
            default -> throw new IllegalArgumentException(name + ": must be one of " + names(allowed) + ", got '" + value + "'");
        };
        if (!allowed.contains(action)) {
            throw new IllegalArgumentException(name + ": '" + value + "' is not supported by " + guardrailId + "; use " + names(allowed));
        }
        return action;
    }

    private static String names(Set<Action> actions) {
        return actions.stream().map(a -> a.name().toLowerCase(Locale.ROOT)).sorted().collect(Collectors.joining(", "));
    }
}
