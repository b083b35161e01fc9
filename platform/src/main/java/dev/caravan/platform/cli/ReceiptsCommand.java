package dev.caravan.platform.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code caravan receipts}: read receipts from a running gateway's admin API. */
@Command(name = "receipts", mixinStandardHelpOptions = true, description = "Read receipts from a running gateway.",
        subcommands = ReceiptsCommand.Show.class)
public final class ReceiptsCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code caravan receipts show TRACE_ID}: one receipt, from {@code GET /admin/v1/receipts?trace_id=}. */
    @Command(name = "show", mixinStandardHelpOptions = true,
            description = {"Show one request's receipt: caller, alias, each attempt and why it moved on, tokens, cost, decisions, timings.",
                    "Exit code 1 when the gateway has no receipt with that trace id (yet: receipts are written in batches)."})
    static final class Show extends AdminCommand {

        @Parameters(index = "0", paramLabel = "TRACE_ID", description = "The x-caravan-trace-id of the request.")
        String traceId;

        @Option(names = "--json", description = "Print the receipt's JSON instead of text.")
        boolean json;

        @Override
        protected void run(AdminClient client) {
            JsonNode data = client.get("/receipts", Map.of("trace_id", traceId)).path("data");
            if (data.isEmpty()) {
                throw new CliFailure(1, "no receipt with trace id '" + traceId + "' (a receipt is listed once the batch writer has stored it)");
            }
            out().println(json ? data.get(0).toPrettyString() : ReceiptText.of(data.get(0)));
        }
    }
}
