package dev.caravan.platform.config;

/**
 * {@code models[].when[]} — {@code {if: "<expression>", then: <alias>}} or {@code {else: <alias>}}.
 *
 * @param condition JEXL expression over {@code metadata}, {@code tenant}, {@code key},
 *                  {@code model} and {@code params}; null for the {@code else} rule
 * @param then      the alias that serves matching requests
 */
public record ConditionRule(String condition, String then) {

    public boolean isElse() {
        return condition == null;
    }
}
