package dev.caravan.platform.pilot;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.List;

/** The go/no-go note of a {@link PilotReport}: Markdown for people, JSON (snake_case) for tools. Neither holds a secret. */
public final class PilotNote {

    static final String UNSTATED = "(not stated)";
    private static final ObjectMapper JSON = new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT);

    private PilotNote() {}

    public static String json(PilotReport report) {
        try {
            return JSON.writeValueAsString(report) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the pilot report cannot be written as JSON", e);
        }
    }

    public static String markdown(PilotReport r) {
        PilotPlan p = r.plan();
        StringBuilder md = new StringBuilder();
        md.append("# Pilot go/no-go note: ").append(v(p.workflow().name())).append("\n\n");
        md.append("**Decision: ").append(r.decision().toUpperCase(java.util.Locale.ROOT)).append("**, pilot of ").append(r.startedAt())
                .append(" against ").append(p.candidate().baseUrl()).append(" (").append(r.target().equals("caravan") ? "a Caravan gateway"
                        : "an OpenAI-compatible API, not Caravan").append(")\n\n");
        r.reasons().forEach(reason -> md.append("- ").append(reason).append("\n"));
        if (!r.reasons().isEmpty()) {
            md.append("\n");
        }
        md.append("## 1. Workflow under test\n\n");
        md.append("- Name: ").append(v(p.workflow().name())).append("\n- Owner: ").append(v(p.workflow().owner()))
                .append("\n- Description: ").append(v(p.workflow().description())).append("\n\n");
        md.append("## 2. Current route (frozen)\n\n");
        table(md, List.of("field", "value"), List.of(
                List.of("provider", v(p.current().provider())), List.of("model", v(p.current().model())),
                List.of("endpoint", v(p.current().endpoint())), List.of("request shape", v(p.current().requestShape())),
                List.of("retry behaviour", v(p.current().retry())), List.of("average usage", v(p.current().averageUsage())),
                List.of("price row", v(p.current().priceRow())), List.of("rollback owner", v(p.current().rollbackOwner()))));
        md.append("## 3. Candidate route\n\n");
        table(md, List.of("field", "value"), List.of(
                List.of("base URL", p.candidate().baseUrl()), List.of("key owner", v(p.candidate().keyOwner())),
                List.of("alias", p.candidate().alias()), List.of("endpoint family", v(p.candidate().endpointFamily())),
                List.of("expected price row", v(p.candidate().expectedPriceRow())), List.of("served by", servedBy(r))));
        transport(md, r.transport());
        md.append("## 5. Capability tests\n\n");
        table(md, List.of("capability", "model", "result", "detail"), r.capabilities().stream()
                .map(c -> List.of(c.name() + (p.required().contains(c.name()) ? " (required)" : ""), c.model(), c.verdict(), c.detail())).toList());
        finance(md, r.finance());
        note(md, r);
        return md.toString();
    }

    private static void transport(StringBuilder md, PilotReport.Transport t) {
        md.append("## 4. Transport test\n\n");
        md.append("- ").append(t.calls().size()).append(" calls, ").append(t.ok()).append(" answered 2xx; latency min ").append(t.minMs())
                .append(" ms, median ").append(t.medianMs()).append(" ms, max ").append(t.maxMs()).append(" ms (send to last byte)\n");
        probe(md, "Bad request", t.badRequest());
        probe(md, "Bad key", t.badKey());
        md.append("- Result: ").append(t.pass() ? "pass" : "fail").append("\n\n");
        table(md, List.of("#", "status", "latency ms", "x-caravan-trace-id", "x-request-id"), t.calls().stream()
                .map(c -> List.of(String.valueOf(t.calls().indexOf(c) + 1), String.valueOf(c.status()), String.valueOf(c.latencyMs()),
                        seen(c.traceId()), seen(c.requestId()))).toList());
    }

    private static void probe(StringBuilder md, String name, PilotReport.Probe probe) {
        md.append("- ").append(name).append(" (").append(probe.sent()).append("): HTTP ").append(probe.status()).append(", error format ")
                .append(probe.format()).append(", ").append(probe.pass() ? "pass" : "fail").append(": ").append(probe.message()).append("\n");
    }

    private static void finance(StringBuilder md, PilotReport.Finance f) {
        md.append("## 6. Finance test\n\n");
        md.append("- Result: ").append(f.verdict()).append(f.reason() == null ? "" : " (" + f.reason() + ")").append("\n");
        if (f.usage() != null) {
            md.append("- Where the usage shows up: ").append(f.usage()).append("\n");
        }
        md.append("\n");
        if (!f.receipts().isEmpty()) {
            table(md, List.of("trace id", "step", "receipt", "price row", "cost USD", "recomputed USD", "result"), f.receipts().stream()
                    .map(c -> List.of(seen(c.traceId()), c.step(), c.found() ? "found" : "missing", seen(c.priceId()), seen(c.costUsd()),
                            seen(c.recomputedUsd()), (c.pass() ? "pass: " : "fail: ") + c.detail())).toList());
        }
    }

    private static void note(StringBuilder md, PilotReport r) {
        PilotPlan p = r.plan();
        md.append("## 7. Note\n\n");
        md.append("- Owner: ").append(v(p.workflow().owner())).append("\n");
        String example = r.transport().calls().stream().map(c -> c.traceId() != null ? "x-caravan-trace-id " + c.traceId()
                : c.requestId() != null ? "x-request-id " + c.requestId() : null).filter(java.util.Objects::nonNull).findFirst()
                .orElse("no request id was sent back");
        md.append("- Support path: ").append(v(p.note().supportPath())).append(" (quote the answer's id, e.g. ").append(example).append(")\n");
        md.append("- Logging policy: ").append(v(p.note().loggingPolicy())).append("\n");
        md.append("- Quota behaviour: ").append(v(p.note().quotaBehaviour())).append("; rate-limit headers seen: ")
                .append(r.quota().headersSeen().isEmpty() ? "none" : String.join(", ", r.quota().headersSeen())).append("\n");
        md.append("- Next workflow to test: ").append(v(p.note().nextWorkflow())).append("\n\n");
        md.append("### Rollback diff\n\n");
        table(md, List.of("field", "current", "candidate"), List.of(
                List.of("provider", v(p.current().provider()), "via " + p.candidate().baseUrl() + ", served by " + servedBy(r)),
                List.of("model", v(p.current().model()), p.candidate().alias()),
                List.of("endpoint", v(p.current().endpoint()), p.candidate().baseUrl() + endpoint(p.candidate().endpointFamily())),
                List.of("request shape", v(p.current().requestShape()), "the same body; only the base URL and key change"),
                List.of("retry behaviour", v(p.current().retry()), v(p.candidate().retry())),
                List.of("key owner", "(the provider key)", v(p.candidate().keyOwner())),
                List.of("price row", v(p.current().priceRow()), v(p.candidate().expectedPriceRow()))));
        md.append("Rollback: point the client's base URL back to ").append(v(p.current().endpoint())).append(" and its key back to the provider key; owner ")
                .append(v(p.current().rollbackOwner())).append(".\n");
    }

    private static String servedBy(PilotReport r) {
        return r.transport().calls().stream().map(PilotReport.Call::servedBy).filter(java.util.Objects::nonNull).findFirst()
                .orElse("(not reported by the target)");
    }

    private static String endpoint(String family) {
        if (family == null) {
            return "/chat/completions";
        }
        return switch (family) {
            case "responses" -> "/responses";
            case "messages" -> "/messages";
            case "embeddings" -> "/embeddings";
            case "images" -> "/images/generations";
            default -> "/chat/completions";
        };
    }

    private static void table(StringBuilder md, List<String> header, List<List<String>> rows) {
        md.append("| ").append(String.join(" | ", header)).append(" |\n|");
        header.forEach(h -> md.append("---|"));
        md.append("\n");
        for (List<String> row : rows) {
            md.append("| ").append(String.join(" | ", row.stream().map(PilotNote::cell).toList())).append(" |\n");
        }
        md.append("\n");
    }

    private static String cell(String text) {
        return text == null ? "" : text.replace("|", "\\|").replace("\n", " ");
    }

    /** An observed value the target did not send (a header, a price row of a refused call). */
    static String seen(String value) {
        return value == null || value.isBlank() ? "-" : value;
    }

    static String v(String value) {
        return value == null || value.isBlank() ? UNSTATED : value;
    }
}
