package dev.caravan.platform.budget;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.caravan.api.budget.BudgetDefinition;

/**
 * A budget in the shape of a {@code budgets[]} config entry, which is also the admin API's shape
 * and what the {@code budgets} table stores. Limits are written as strings: exact decimals.
 */
public final class BudgetJson {

    private BudgetJson() {}

    public static ObjectNode write(BudgetDefinition b) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("name", b.name());
        if (b.scopeType().equals("global")) {
            out.put("scope", "global"); // the config form: scope: global
        } else {
            out.putObject("scope").put(b.scopeField() == null ? b.scopeType() : "metadata." + b.scopeField(), b.scopeValue());
        }
        if (b.prepaid()) {
            out.put("prepaid", true);
        } else if (b.countsUsd()) {
            out.put("limit_usd", b.limitUsd().toPlainString());
        } else {
            out.put("limit_tokens", b.limitTokens());
        }
        out.put("period", b.period());
        out.put("timezone", b.zone().getId());
        out.put("action", b.action());
        if (b.downgradeTo() != null) {
            out.put("downgrade_to", b.downgradeTo());
        }
        out.put("unpriced", b.denyUnpriced() ? "deny" : "allow");
        b.alerts().forEach(out.putArray("alerts")::add);
        if (b.alerts().isEmpty()) {
            out.remove("alerts");
        }
        return out;
    }
}
