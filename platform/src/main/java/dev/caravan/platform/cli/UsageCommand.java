package dev.caravan.platform.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code caravan usage}: tokens and cost from a running gateway's receipts. */
@Command(name = "usage", mixinStandardHelpOptions = true, description = "Report tokens and cost from a running gateway.",
        subcommands = UsageCommand.Report.class)
public final class UsageCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    enum By { tenant, key, alias, provider, model }

    enum Period { day, month }

    /** {@code caravan usage report}: {@code GET /admin/v1/usage} as a table or CSV, with a total. */
    @Command(name = "report", mixinStandardHelpOptions = true,
            description = "Tokens and exact cost per UTC day or month and per tenant, key, alias, provider or model.")
    static final class Report extends AdminCommand {

        @Option(names = "--by", paramLabel = "GROUP", description = "tenant, key, alias, provider or model (default: no grouping).")
        By by;

        @Option(names = "--from", paramLabel = "WHEN", converter = TimeBound.Converter.class,
                description = "Start: an instant or a UTC date (default: the first of this month).")
        TimeBound from;

        @Option(names = "--to", paramLabel = "WHEN", converter = TimeBound.Converter.class,
                description = "End: an instant (exclusive) or a UTC date (included) (default: now).")
        TimeBound to;

        @Option(names = "--period", paramLabel = "PERIOD", defaultValue = "day", description = "day (default) or month.")
        Period period;

        @Option(names = "--tenant", paramLabel = "ID", description = "Only this tenant.")
        String tenant;

        @Option(names = "--csv", description = "Print CSV (one row per period and group, no total).")
        boolean csv;

        @Override
        protected void run(AdminClient client) {
            Map<String, String> query = new LinkedHashMap<>();
            query.put("group_by", by == null ? "none" : by.name());
            query.put("period", period.name());
            query.put("since", TimeBound.since(from));
            query.put("until", TimeBound.until(to));
            query.put("tenant", tenant);
            JsonNode report = client.get("/usage", query);
            TextTable table = new TextTable("period", by == null ? "group" : by.name(), "requests", "prompt_tokens",
                    "completion_tokens", "cached_tokens", "reasoning_tokens", "cost_usd", "unpriced_requests");
            long requests = 0;
            long prompt = 0;
            long completion = 0;
            BigDecimal cost = BigDecimal.ZERO;
            long unpriced = 0;
            for (JsonNode row : report.path("data")) {
                table.add(row.path("period").asText(), row.hasNonNull("group") ? row.path("group").asText() : "(all)",
                        row.path("requests").asLong(), row.path("prompt_tokens").asLong(), row.path("completion_tokens").asLong(),
                        row.path("cached_tokens").asLong(), row.path("reasoning_tokens").asLong(), row.path("cost_usd").asText(),
                        row.path("unpriced_requests").asLong());
                requests += row.path("requests").asLong();
                prompt += row.path("prompt_tokens").asLong();
                completion += row.path("completion_tokens").asLong();
                cost = cost.add(new BigDecimal(row.path("cost_usd").asText("0")));
                unpriced += row.path("unpriced_requests").asLong();
            }
            if (csv) {
                table.printCsv(out());
                return;
            }
            out().println("Usage " + report.path("since").asText() + " to " + report.path("until").asText() + " by "
                    + (by == null ? "nothing" : by.name()) + ", per " + period.name());
            table.printText(out());
            out().println("Total: " + requests + " requests, " + prompt + " prompt and " + completion + " completion tokens, USD "
                    + cost.toPlainString() + (unpriced > 0 ? " (" + unpriced + " served requests unpriced, not in the total)" : ""));
        }
    }
}
