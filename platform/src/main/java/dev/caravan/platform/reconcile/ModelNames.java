package dev.caravan.platform.reconcile;

import java.util.regex.Pattern;

/**
 * Bills name dated snapshots ({@code gpt-4o-mini-2024-07-18}, {@code claude-sonnet-4-5-20250929})
 * where the gateway often sent the alias the provider resolved ({@code gpt-4o-mini}); both sides are
 * matched on the name without the date.
 */
final class ModelNames {

    private static final Pattern SNAPSHOT = Pattern.compile("-(\\d{4}-\\d{2}-\\d{2}|\\d{8})$");

    private ModelNames() {
    }

    static String base(String model) {
        return SNAPSHOT.matcher(model.strip()).replaceFirst("");
    }
}
