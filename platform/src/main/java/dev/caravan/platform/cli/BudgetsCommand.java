package dev.caravan.platform.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code caravan budgets}: the budgets of a running gateway, over {@code /admin/v1/budgets}. */
@Command(name = "budgets", mixinStandardHelpOptions = true, description = "List and change budgets on a running gateway.",
        subcommands = {BudgetsCommand.List.class, BudgetsCommand.Set.class, BudgetsCommand.TopUp.class})
public final class BudgetsCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    enum Period { daily, weekly, monthly, total }

    /** Every budget with its current spend (or prepaid balance) and reset time: one {@code GET} per budget. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "Every budget with its limit, spend, remaining and reset time.")
    static final class List extends AdminCommand {
        @Override
        protected void run(AdminClient client) {
            TextTable table = new TextTable("name", "scope", "limit", "period", "action", "spent", "remaining", "resets_at");
            for (JsonNode listed : client.get("/budgets", Map.of()).path("data")) {
                JsonNode b = client.get("/budgets/" + listed.path("name").asText(), Map.of());
                if (b.path("prepaid").asBoolean()) {
                    JsonNode bal = b.path("balance");
                    table.add(b.path("name").asText(), scope(b), "prepaid " + bal.path("credited_usd").asText() + " usd", "-",
                            b.path("action").asText(), bal.path("spent_usd").asText(), bal.path("available_usd").asText(), "-");
                } else {
                    JsonNode cur = b.path("current");
                    table.add(b.path("name").asText(), scope(b), limit(b), b.path("period").asText(), b.path("action").asText(),
                            cur.path("spent").asText(), cur.path("remaining").asText(),
                            cur.hasNonNull("resets_at") ? cur.path("resets_at").asText() : "never");
                }
            }
            if (table.size() == 0) {
                out().println("No budgets.");
                return;
            }
            table.printText(out());
        }
    }

    /** Changes a budget's limit and/or period: reads it, changes those fields, writes it back with {@code PUT}. */
    @Command(name = "set", mixinStandardHelpOptions = true, description = "Change a budget's limit or period (audited by the gateway).")
    static final class Set extends AdminCommand {
        @Parameters(index = "0", paramLabel = "ID", description = "The budget's name.")
        String name;

        @Option(names = "--limit", paramLabel = "AMOUNT",
                description = "New limit: USD (e.g. 25.00) for a USD budget, whole tokens for a token budget.")
        BigDecimal limit;

        @Option(names = "--period", paramLabel = "PERIOD", description = "daily, weekly, monthly or total.")
        Period period;

        @Override
        protected void run(AdminClient client) {
            if (limit == null && period == null) {
                throw new CliFailure(2, "nothing to change: give --limit, --period or both");
            }
            ObjectNode budget = (ObjectNode) client.get("/budgets/" + name, Map.of());
            budget.remove("current");
            budget.remove("balance");
            if (limit != null) {
                if (budget.has("limit_tokens")) {
                    budget.put("limit_tokens", tokens(limit));
                } else if (budget.has("limit_usd")) {
                    budget.put("limit_usd", limit.toPlainString());
                } else {
                    throw new CliFailure(2, "--limit: budget '" + name + "' is prepaid; use 'caravan budgets topup'");
                }
            }
            if (period != null) {
                budget.put("period", period.name());
            }
            JsonNode saved = client.send("PUT", "/budgets/" + name, budget);
            out().println("Budget " + saved.path("name").asText() + ": " + limit(saved) + " " + saved.path("period").asText()
                    + ", action " + saved.path("action").asText());
        }

        private long tokens(BigDecimal value) {
            try {
                return value.longValueExact();
            } catch (ArithmeticException e) {
                throw new CliFailure(2, "--limit: budget '" + name + "' counts tokens: give a whole number, got " + value.toPlainString());
            }
        }
    }

    /** Credits a prepaid budget: {@code POST /admin/v1/budgets/{name}/topup}. */
    @Command(name = "topup", mixinStandardHelpOptions = true, description = "Credit a prepaid budget's balance (audited by the gateway).")
    static final class TopUp extends AdminCommand {
        @Parameters(index = "0", paramLabel = "ID", description = "The prepaid budget's name.")
        String name;

        @Option(names = "--amount", required = true, paramLabel = "USD", description = "Amount to credit, e.g. 25.00.")
        BigDecimal amount;

        @Override
        protected void run(AdminClient client) {
            ObjectNode body = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode()
                    .put("amount_usd", amount.toPlainString());
            JsonNode answer = client.send("POST", "/budgets/" + name + "/topup", body);
            JsonNode balance = answer.path("balance");
            out().println("Budget " + name + ": credited " + amount.toPlainString() + " usd; available "
                    + balance.path("available_usd").asText() + " of " + balance.path("credited_usd").asText() + " usd credited");
        }
    }

    private static String scope(JsonNode b) {
        JsonNode scope = b.path("scope");
        if (scope.isTextual()) {
            return scope.asText();
        }
        var field = scope.fields().hasNext() ? scope.fields().next() : null;
        return field == null ? "" : field.getKey() + "=" + field.getValue().asText();
    }

    private static String limit(JsonNode b) {
        if (b.has("limit_usd")) {
            return b.path("limit_usd").asText() + " usd";
        }
        if (b.has("limit_tokens")) {
            return b.path("limit_tokens").asText() + " tokens";
        }
        return "prepaid";
    }
}
