package dev.caravan.platform.budget;

/** The audit actions and targets of budget changes, shared by the admin API and the config bootstrap. */
public final class BudgetAudit {

    public static final String CREATE = "budget.create";
    public static final String UPDATE = "budget.update";
    public static final String DELETE = "budget.delete";
    public static final String TOP_UP = "budget.topup";

    private BudgetAudit() {}

    /** {@code budget:<name>}. */
    public static String target(String name) {
        return "budget:" + name;
    }
}
