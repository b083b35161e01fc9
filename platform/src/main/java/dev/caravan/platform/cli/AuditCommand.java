package dev.caravan.platform.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code caravan audit}: the admin changes recorded by a running gateway. */
@Command(name = "audit", mixinStandardHelpOptions = true, description = "Read the audit log of a running gateway.",
        subcommands = AuditCommand.List.class)
public final class AuditCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * {@code GET /admin/v1/audit}, newest first, page by page. The API filters on {@code since} and
     * {@code action}; {@code --to} and {@code --actor} are applied here, so the pages are read until
     * {@code --limit} entries matched or the log ends.
     */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "Audit entries, newest first.")
    static final class List extends AdminCommand {

        private static final int PAGE = 1000;

        @Option(names = "--from", paramLabel = "WHEN", converter = TimeBound.Converter.class, description = "Only entries at or after this instant or UTC date.")
        TimeBound from;

        @Option(names = "--to", paramLabel = "WHEN", converter = TimeBound.Converter.class,
                description = "Only entries before this instant, or up to the end of this UTC date.")
        TimeBound to;

        @Option(names = "--actor", paramLabel = "NAME", description = "Only entries by this actor (e.g. admin-token, cli:alice).")
        String actor;

        @Option(names = "--action", paramLabel = "ACTION", description = "Only this action (e.g. budget.update, key.revoke).")
        String action;

        @Option(names = "--limit", paramLabel = "N", defaultValue = "100", description = "At most this many entries (default ${DEFAULT-VALUE}).")
        int limit;

        @Option(names = "--json", description = "One JSON entry per line, with before and after.")
        boolean json;

        @Override
        protected void run(AdminClient client) {
            if (limit < 1) {
                throw new CliFailure(2, "--limit: must be 1 or more, got " + limit);
            }
            Instant until = to == null ? null : Instant.parse(to.asUntil());
            TextTable table = new TextTable("id", "at", "actor", "action", "target");
            int shown = 0;
            String cursor = null;
            do {
                Map<String, String> query = new LinkedHashMap<>();
                query.put("since", TimeBound.since(from));
                query.put("action", action);
                query.put("limit", Integer.toString(PAGE));
                query.put("cursor", cursor);
                JsonNode page = client.get("/audit", query);
                for (JsonNode e : page.path("data")) {
                    if (shown < limit && matches(e, until)) {
                        shown++;
                        if (json) {
                            out().println(e.toString());
                        } else {
                            table.add(e.path("id").asText(), e.path("at").asText(), e.path("actor").asText(), e.path("action").asText(),
                                    e.path("target").asText());
                        }
                    }
                }
                cursor = page.path("has_more").asBoolean() ? page.path("next_cursor").asText() : null;
            } while (cursor != null && shown < limit);
            if (!json) {
                if (shown == 0) {
                    out().println("No audit entries.");
                } else {
                    table.printText(out());
                }
            }
        }

        private boolean matches(JsonNode entry, Instant until) {
            if (actor != null && !actor.equals(entry.path("actor").asText())) {
                return false;
            }
            return until == null || Instant.parse(entry.path("at").asText()).isBefore(until);
        }
    }
}
