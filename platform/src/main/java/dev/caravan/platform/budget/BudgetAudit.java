package dev.caravan.platform.budget;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The audit actions, targets and states of budget changes, shared by the admin API and the config bootstrap. */
public final class BudgetAudit {

    public static final String CREATE = "budget.create";
    public static final String UPDATE = "budget.update";
    public static final String DELETE = "budget.delete";
    public static final String TOP_UP = "budget.topup";

    private BudgetAudit() {}

    /**
     * A definition as the audit log records it: the admin API's shape, except that a key scope is
     * written {@code scope.key_name}, since the log masks every field named {@code key} and the
     * scope holds a key's name, not its value. Null stays null.
     */
    public static JsonNode state(JsonNode definition) {
        if (definition == null || !definition.path("scope").has("key")) {
            return definition;
        }
        ObjectNode copy = definition.deepCopy();
        ObjectNode scope = (ObjectNode) copy.get("scope");
        scope.set("key_name", scope.remove("key"));
        return copy;
    }

    /** {@code budget:<name>}. */
    public static String target(String name) {
        return "budget:" + name;
    }
}
