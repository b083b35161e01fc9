package dev.caravan.platform.bill;

import com.fasterxml.jackson.databind.JsonNode;
import dev.caravan.platform.config.LocatedYaml;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads a bill scenario file ({@code docs/examples/bill-scenario.yaml}; fields in docs/pilot.md#bill)
 * into a {@link BillScenario}. Every problem names its line and field; the result is either a
 * scenario or the list of problems, never half of one.
 */
public final class ScenarioFile {

    private static final Set<String> TOP = Set.of("scenario", "approver", "price_date", "monthly_requests", "average_tokens",
            "cached_share", "retry_rate", "fallback_rate", "models", "images", "logs");
    private static final Set<String> MODEL = Set.of("provider", "model", "share", "requests", "input_tokens", "output_tokens",
            "cached_share", "fallback");
    private static final Set<String> TARGET = Set.of("provider", "model");
    private static final Set<String> IMAGE = Set.of("provider", "model", "monthly");
    private static final Set<String> LOGS = Set.of("mode", "retention_days", "bytes_per_request");
    static final List<String> LOG_MODES = List.of("off", "metadata_only", "redacted", "full");
    private static final long MAX_TOKENS = 10_000_000;
    private static final long MAX_REQUESTS = 1_000_000_000_000L;

    /** The scenario, or the problems ({@code line 9: models[1].share: ...}). */
    public record Result(BillScenario scenario, List<String> problems) {
    }

    private ScenarioFile() {}

    public static Result read(String text, String source, LocalDate today) {
        LocatedYaml yaml = LocatedYaml.parse(text);
        if (!yaml.problems().isEmpty()) {
            return new Result(null, yaml.problems());
        }
        JsonNode root = yaml.root();
        if (!yaml.mapping(root, "", TOP)) {
            if (root.isMissingNode() || root.isNull()) {
                yaml.report("", "the file is empty; see docs/examples/bill-scenario.yaml");
            }
            return new Result(null, yaml.problems());
        }
        String name = yaml.text(root, "", "scenario", true);
        String approver = yaml.text(root, "", "approver", true);
        LocalDate day = date(yaml, root, today);
        Long monthly = yaml.whole(root, "", "monthly_requests", 0, MAX_REQUESTS, -1L);
        JsonNode avg = root.path("average_tokens");
        Long avgIn = null;
        Long avgOut = null;
        if (yaml.mapping(avg, "average_tokens", Set.of("input", "output"))) {
            avgIn = yaml.whole(avg, "average_tokens", "input", 0, MAX_TOKENS, null);
            avgOut = yaml.whole(avg, "average_tokens", "output", 0, MAX_TOKENS, null);
        }
        BigDecimal cachedShare = yaml.decimal(root, "", "cached_share", BigDecimal.ZERO, BigDecimal.ONE, BigDecimal.ZERO);
        BigDecimal retry = yaml.decimal(root, "", "retry_rate", BigDecimal.ZERO, BigDecimal.TEN, BigDecimal.ZERO);
        BigDecimal fallback = yaml.decimal(root, "", "fallback_rate", BigDecimal.ZERO, BigDecimal.ONE, BigDecimal.ZERO);
        List<BillScenario.ModelLoad> models = models(yaml, root, monthly, avgIn, avgOut, cachedShare);
        List<BillScenario.ImageLoad> images = images(yaml, root);
        BillScenario.LogLoad logs = logs(yaml, root);
        if (!yaml.problems().isEmpty()) {
            return new Result(null, yaml.problems());
        }
        return new Result(new BillScenario(name, approver, day, retry, fallback, models, images, logs, source), List.of());
    }

    private static LocalDate date(LocatedYaml yaml, JsonNode root, LocalDate today) {
        String text = yaml.text(root, "", "price_date", false);
        if (text == null) {
            return today;
        }
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            yaml.report("price_date", "must be a date like 2026-12-01, got '" + text + "'");
            return today;
        }
    }

    private static List<BillScenario.ModelLoad> models(LocatedYaml yaml, JsonNode root, Long monthly, Long avgIn, Long avgOut,
            BigDecimal cachedShare) {
        JsonNode list = root.path("models");
        List<BillScenario.ModelLoad> out = new ArrayList<>();
        if (!list.isArray() || list.isEmpty()) {
            yaml.report("models", list.isMissingNode() ? "is required: a list of { provider, model, share }" : "must be a non-empty list");
            return out;
        }
        BigDecimal shares = BigDecimal.ZERO;
        int withShare = 0;
        for (int i = 0; i < list.size(); i++) {
            String at = "models[" + i + "]";
            JsonNode m = list.get(i);
            if (!yaml.mapping(m, at, MODEL)) {
                continue;
            }
            String provider = yaml.text(m, at, "provider", false);
            String model = yaml.text(m, at, "model", true);
            boolean hasShare = m.has("share");
            if (hasShare == m.has("requests")) {
                yaml.report(at, "give either share (of monthly_requests) or requests (a month), not " + (hasShare ? "both" : "neither"));
                continue;
            }
            BigDecimal requests;
            if (hasShare) {
                BigDecimal share = yaml.decimal(m, at, "share", BigDecimal.ZERO, BigDecimal.ONE, null);
                if (monthly == null) {
                    continue;
                }
                if (monthly < 0) {
                    yaml.report("monthly_requests", "is required when " + at + " gives a share");
                    continue;
                }
                if (share == null) {
                    continue;
                }
                withShare++;
                shares = shares.add(share);
                requests = share.multiply(BigDecimal.valueOf(monthly));
            } else {
                Long n = yaml.whole(m, at, "requests", 0, MAX_REQUESTS, null);
                if (n == null) {
                    continue;
                }
                requests = BigDecimal.valueOf(n);
            }
            Long in = yaml.whole(m, at, "input_tokens", 0, MAX_TOKENS, avgIn == null ? null : avgIn);
            Long outTokens = yaml.whole(m, at, "output_tokens", 0, MAX_TOKENS, avgOut == null ? null : avgOut);
            BigDecimal cached = yaml.decimal(m, at, "cached_share", BigDecimal.ZERO, BigDecimal.ONE, cachedShare);
            String[] fb = fallback(yaml, m, at);
            if (model == null || in == null || outTokens == null || cached == null) {
                continue;
            }
            BigDecimal input = requests.multiply(BigDecimal.valueOf(in));
            out.add(new BillScenario.ModelLoad(provider, model, requests, input, requests.multiply(BigDecimal.valueOf(outTokens)),
                    input.multiply(cached), fb[0], fb[1], "line " + yaml.lineOf(at + ".model") + ": " + at + ".model"));
        }
        if (withShare > 0 && withShare == list.size() && shares.compareTo(BigDecimal.ONE) != 0) {
            yaml.report("models", "the shares add up to " + shares.toPlainString() + "; they must add up to 1");
        } else if (withShare > 0 && withShare < list.size() && yaml.problems().isEmpty()) {
            yaml.report("models", "give every model a share, or every model its requests; do not mix them");
        }
        return out;
    }

    private static String[] fallback(LocatedYaml yaml, JsonNode m, String at) {
        JsonNode fb = m.path("fallback");
        if (!yaml.mapping(fb, at + ".fallback", TARGET)) {
            return new String[] {null, null};
        }
        return new String[] {yaml.text(fb, at + ".fallback", "provider", false), yaml.text(fb, at + ".fallback", "model", true)};
    }

    private static List<BillScenario.ImageLoad> images(LocatedYaml yaml, JsonNode root) {
        JsonNode list = root.path("images");
        List<BillScenario.ImageLoad> out = new ArrayList<>();
        if (list.isMissingNode() || list.isNull()) {
            return out;
        }
        if (!list.isArray()) {
            yaml.report("images", "must be a list of { provider, model, monthly }");
            return out;
        }
        for (int i = 0; i < list.size(); i++) {
            String at = "images[" + i + "]";
            JsonNode image = list.get(i);
            if (!yaml.mapping(image, at, IMAGE)) {
                continue;
            }
            String provider = yaml.text(image, at, "provider", false);
            String model = yaml.text(image, at, "model", true);
            Long monthly = yaml.whole(image, at, "monthly", 0, MAX_REQUESTS, null);
            if (model != null && monthly != null) {
                out.add(new BillScenario.ImageLoad(provider, model, BigDecimal.valueOf(monthly),
                        "line " + yaml.lineOf(at + ".model") + ": " + at + ".model"));
            }
        }
        return out;
    }

    private static BillScenario.LogLoad logs(LocatedYaml yaml, JsonNode root) {
        JsonNode logs = root.path("logs");
        if (!yaml.mapping(logs, "logs", LOGS)) {
            return new BillScenario.LogLoad("metadata_only", 30, null);
        }
        String mode = yaml.text(logs, "logs", "mode", false);
        if (mode != null && !LOG_MODES.contains(mode)) {
            yaml.report("logs.mode", "must be one of " + String.join(", ", LOG_MODES) + ", got '" + mode + "'");
        }
        Long days = yaml.whole(logs, "logs", "retention_days", 0, 3650, 30L);
        Long bytes = logs.has("bytes_per_request") ? yaml.whole(logs, "logs", "bytes_per_request", 0, 100_000_000, null) : null;
        return new BillScenario.LogLoad(mode == null ? "metadata_only" : mode, days == null ? 30 : days, bytes);
    }
}
