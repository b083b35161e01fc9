package dev.caravan.platform.it;

import static dev.caravan.platform.it.TestGateway.KEY;
import static dev.caravan.platform.it.TestGateway.bearer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import dev.caravan.api.budget.BudgetLedger;
import dev.caravan.platform.policy.TokenEstimator;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

/**
 * Bursts of concurrent requests, each carrying one costly field, against a token budget that fits
 * exactly ten worst cases of that request (shared by the H2 and PostgreSQL tests). The mock reports
 * what a provider would bill: the costly field's own tokens (counted here, independently of the
 * gateway's estimate) plus the base request, and the whole completion cap for every choice. A
 * gateway that left the field out of its reservation would admit far more than ten and overshoot.
 * The admit stage keeps its default time budget ({@code admit.policy_timeout_ms}: 200 ms) although
 * the test machine runs several builds on two cores, where pauses of a few hundred milliseconds are
 * common: the ledger answers each reservation by the policy's deadline, so a slow moment is a 429,
 * never a 503. A second burst runs while another transaction (another node) holds the budget's
 * row past every deadline: all of it is refused with 429, and nothing stays reserved.
 */
final class BudgetBurst {

    static final String MODELS = """
              - { alias: fast, targets: [ { provider: mock, model: budget-model } ] }
            """;
    static final int REQUESTS = 150;
    static final int FITTING = 10;
    private static final int CAP = 10;
    private static final Encoding O200K = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.O200K_BASE);
    /** ~2,000 tokens of prose, a different word on each line so the count is not trivially compressible. */
    private static final String LONG_TEXT = java.util.stream.IntStream.range(0, 200)
            .mapToObj(i -> "Line " + i + " of the costly field, which a provider bills as prompt tokens.")
            .collect(Collectors.joining("\n"));
    /** What OpenAI bills at most for one high-detail image on GPT-4o (2048×768: 8 tiles × 170 + 85). */
    private static final int IMAGE_BILLED = 1_445;

    /** One costly field per case. */
    enum Field {
        N_100, FUNCTIONS, JSON_SCHEMA, MESSAGE_NAME, PREDICTION, IMAGE;

        String budget() {
            return "burst-" + name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        /** The request with this field, without the mock's usage knob. */
        ObjectNode body() {
            ObjectNode body = base();
            switch (this) {
                case N_100 -> body.put("n", 100);
                case FUNCTIONS -> {
                    ArrayNode functions = body.putArray("functions");
                    for (int i = 0; i < 20; i++) {
                        functions.addObject().put("name", "tool_" + i).put("description", LONG_TEXT.substring(i * 500, i * 500 + 500))
                                .putObject("parameters").put("type", "object");
                    }
                }
                case JSON_SCHEMA -> body.putObject("response_format").put("type", "json_schema").putObject("json_schema")
                        .put("name", "answer").putObject("schema").put("type", "object").put("description", LONG_TEXT);
                case MESSAGE_NAME -> ((ObjectNode) body.withArray("messages").get(0)).put("name", LONG_TEXT);
                case PREDICTION -> body.putObject("prediction").put("type", "content").put("content", LONG_TEXT);
                case IMAGE -> {
                    ObjectNode message = (ObjectNode) body.withArray("messages").get(0);
                    ArrayNode parts = message.putArray("content");
                    parts.addObject().put("type", "text").put("text", "What is in this picture?");
                    parts.addObject().put("type", "image_url").putObject("image_url").put("url", "https://example.com/a.png");
                }
                default -> throw new IllegalStateException(name());
            }
            return body;
        }

        /** Prompt tokens a provider bills for the request: the base request plus the field's own content. */
        long billedPrompt() {
            long base = new TokenEstimator().promptTokens(withUsage(base(), 0, 0));
            return switch (this) {
                case N_100 -> base;
                case FUNCTIONS -> base + O200K.countTokensOrdinary(LONG_TEXT.substring(0, 10_000));
                case JSON_SCHEMA, MESSAGE_NAME, PREDICTION -> base + O200K.countTokensOrdinary(LONG_TEXT);
                case IMAGE -> base + IMAGE_BILLED;
            };
        }

        long choices() {
            return this == N_100 ? 100 : 1;
        }

        /** The request as sent: the mock reports the billed usage. */
        String request() {
            return withUsage(body(), billedPrompt(), CAP * choices()).toString();
        }

        /** The gateway's worst case for the request as sent: estimate + cap × choices. */
        long worstCase() {
            return new TokenEstimator().promptTokens(withUsage(body(), billedPrompt(), CAP * choices())) + CAP * choices();
        }

        long limit() {
            return FITTING * worstCase();
        }
    }

    private static ObjectNode base() {
        ObjectNode body = TestGateway.JSON.createObjectNode().put("model", "fast").put("max_tokens", CAP);
        body.putArray("messages").addObject().put("role", "user").put("content", "Summarise.");
        return body;
    }

    private static ObjectNode withUsage(ObjectNode body, long prompt, long completion) {
        body.putObject("mock").put("prompt_tokens", prompt).put("completion_tokens", completion);
        return body;
    }

    /**
     * Config sections: one token budget per field, scoped by the request's metadata {@code case},
     * and {@link #LOCKED}; the default admit timeout.
     */
    static String sections() {
        StringBuilder budgets = new StringBuilder("budgets:\n");
        for (Field field : Field.values()) {
            budgets.append("  - { name: ").append(field.budget()).append(", scope: { metadata.case: ").append(field.name())
                    .append(" }, limit_tokens: ").append(field.limit()).append(", period: daily, action: deny }\n");
        }
        budgets.append("  - { name: ").append(LOCKED).append(", scope: { metadata.case: LOCKED }, limit_tokens: ")
                .append(Field.N_100.limit()).append(", period: daily, action: deny }\n");
        return """
                breaker: { window: 10000, minimum_calls: 10000 }
                admit: { plugins: [ budget-standard ] }
                """ + budgets;
    }

    /** The budget of the burst whose row another transaction holds ({@link Field#N_100}'s requests). */
    static final String LOCKED = "burst-locked";

    /** What a burst produced; {@code busy} of the {@code refused} could not be decided in time. */
    record Outcome(int served, int refused, int busy, int unavailable, List<String> others, String busyTrace) {
        @Override
        public String toString() {
            return "served " + served + ", 429 budget_exceeded " + refused + " (" + busy + " of them busy), 503 " + unavailable
                    + ", other " + others;
        }
    }

    /** Fires {@link #REQUESTS} requests with {@code field} at once, spread over {@code nodes} in turn. */
    static Outcome fire(List<TestGateway> nodes, Field field) throws Exception {
        return fire(nodes, field, field.name(), field.budget());
    }

    /**
     * Fires {@link Field#N_100}'s burst at {@link #LOCKED} while {@code database} holds the budget's
     * row (created empty, as a fresh period's) in an open transaction, which it commits afterwards.
     */
    static Outcome fireWhileLocked(List<TestGateway> nodes, java.sql.Connection database) throws Exception {
        String window = "daily:" + LocalDate.now(ZoneOffset.UTC);
        database.setAutoCommit(true);
        try (var open = database.prepareStatement("INSERT INTO budget_usage (account, window_key, spent, reserved) VALUES (?, ?, 0, 0)")) {
            open.setString(1, LOCKED);
            open.setString(2, window);
            open.executeUpdate();
        }
        database.setAutoCommit(false);
        try (var lock = database.prepareStatement("SELECT reserved FROM budget_usage WHERE account = ? AND window_key = ? FOR UPDATE")) {
            lock.setString(1, LOCKED);
            lock.setString(2, window);
            lock.executeQuery().close();
            return fire(nodes, Field.N_100, "LOCKED", LOCKED);
        } finally {
            database.commit();
        }
    }

    private static Outcome fire(List<TestGateway> nodes, Field field, String caseName, String budget) throws Exception {
        String body = field.request();
        String metadata = "{\"case\":\"" + caseName + "\"}";
        ExecutorService pool = Executors.newFixedThreadPool(REQUESTS);
        try {
            List<Future<HttpResponse<String>>> calls = new ArrayList<>();
            CompletableFuture<Void> go = new CompletableFuture<>();
            for (int i = 0; i < REQUESTS; i++) {
                TestGateway gateway = nodes.get(i % nodes.size());
                calls.add(pool.submit(() -> {
                    go.join();
                    return gateway.post("/v1/chat/completions", body, "authorization", bearer(KEY),
                            "content-type", "application/json", "x-caravan-metadata", metadata);
                }));
            }
            go.complete(null);
            int served = 0;
            int refused = 0;
            int busy = 0;
            String busyTrace = null;
            int unavailable = 0;
            List<String> others = new ArrayList<>();
            for (Future<HttpResponse<String>> call : calls) {
                HttpResponse<String> response = call.get();
                switch (response.statusCode()) {
                    case 200 -> served++;
                    case 429 -> {
                        assertTrue(response.body().contains("\"code\":\"budget_exceeded\""), response.body());
                        assertTrue(response.headers().firstValue("retry-after").isPresent(), "429 without Retry-After");
                        if (response.body().contains("Budget '" + budget + "' could not confirm room")) {
                            assertEquals("1", response.headers().firstValue("retry-after").orElseThrow(), "busy: retry in a second");
                            busyTrace = response.headers().firstValue("x-caravan-trace-id").orElseThrow();
                            busy++;
                        } else {
                            assertTrue(response.body().contains("Budget '" + budget + "' is exhausted"), response.body());
                        }
                        refused++;
                    }
                    case 503 -> {
                        unavailable++;
                        if (unavailable == 1) {
                            others.add("first 503: " + response.body());
                        }
                    }
                    default -> others.add(response.statusCode() + " " + response.body());
                }
            }
            return new Outcome(served, refused, busy, unavailable, others, busyTrace);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Waits until nothing is reserved in the field's budget any more, then returns its usage. */
    static BudgetLedger.Usage settled(TestGateway gateway, Field field) {
        return settled(gateway, field.budget());
    }

    /** {@link #settled} for a budget by name. */
    static BudgetLedger.Usage settled(TestGateway gateway, String budget) {
        String window = "daily:" + LocalDate.now(ZoneOffset.UTC);
        return Poll.until(() -> gateway.gateway().budgetLedger().usage(budget, window).toCompletableFuture().join(),
                usage -> usage.reserved().signum() == 0, Duration.ofSeconds(10),
                () -> "reservations left in " + budget + " after every request finished");
    }

    /**
     * The locked burst's guarantees: nothing spent or left reserved, every request refused with 429
     * budget_exceeded and Retry-After 1 as undecided (none 503, none served), the receipt saying
     * {@code busy}; {@code node} is where the requests' receipts are asked for.
     */
    static void assertRefusedWhileLocked(TestGateway node, Outcome outcome, BudgetLedger.Usage usage) {
        String figures = "LOCKED: " + outcome + "; spent " + usage.spent() + " of " + Field.N_100.limit() + " tokens";
        System.out.println("burst " + figures);
        if (outcome.busyTrace() != null) {
            com.fasterxml.jackson.databind.JsonNode receipt = node.receiptEventually(outcome.busyTrace(), KEY);
            assertTrue(receipt.path("decisions").toString().contains("\"outcome\":\"busy\""), receipt.toString());
        }
        assertEquals(0, usage.spent().signum(), figures);
        assertEquals(0, outcome.unavailable(), figures);
        assertEquals(List.of(), outcome.others(), figures);
        assertEquals(REQUESTS, outcome.busy(), figures);
    }

    /**
     * The burst's guarantees: spend within the limit, every request not served refused with 429
     * budget_exceeded and Retry-After (none 503), and the ten that fit served unless some requests
     * were refused as undecided (the database had not answered by their deadline: on a loaded
     * machine a few may be, and the budget then refuses rather than risk overshooting).
     */
    static void assertHeld(Field field, Outcome outcome, BudgetLedger.Usage usage) {
        String figures = field + ": " + outcome + "; spent " + usage.spent() + " of " + field.limit() + " tokens";
        System.out.println("burst " + figures);
        assertTrue(usage.spent().compareTo(BigDecimal.valueOf(field.limit())) <= 0, "overshot: " + figures);
        assertEquals(0, outcome.unavailable(), figures);
        assertEquals(List.of(), outcome.others(), figures);
        assertEquals(REQUESTS, outcome.served() + outcome.refused(), figures);
        assertTrue(outcome.served() <= FITTING, "more than the " + FITTING + " that fit were served: " + figures);
        assertTrue(outcome.busy() > 0 || outcome.served() == FITTING, "fewer than the " + FITTING
                + " that fit were served, none refused as undecided: " + figures);
    }
}
