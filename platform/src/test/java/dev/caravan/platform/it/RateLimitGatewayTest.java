package dev.caravan.platform.it;

import static dev.caravan.platform.it.TestGateway.KEY;
import static dev.caravan.platform.it.TestGateway.LIMITED_KEY;
import static dev.caravan.platform.it.TestGateway.bearer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.openai.core.http.HttpResponseFor;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.caravan.mock.MockOptions;
import dev.caravan.mock.MockUpstream;
import dev.caravan.platform.policy.TokenEstimator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rate limits through the real gateway and mock upstream. Each test draws on its own limit (an
 * alias, key or tenant of its own), so the tests do not share buckets.
 */
class RateLimitGatewayTest {

    /** A key of another tenant; it joins the standard keys list (the extra sections follow it). */
    private static final String BETA_KEY = "sk-test-caravan-beta-0001";
    /** A second key of tenant acme, which has no tenant limit. */
    private static final String GAMMA_KEY = "sk-test-caravan-gamma-0001";
    private static final int TPM = 20_000;

    @TempDir
    static Path tmp;
    static MockUpstream mock;
    static TestGateway gateway;

    @BeforeAll
    static void start() {
        mock = MockUpstream.start(MockOptions.defaults());
        String target = "targets: [ { provider: mock, model: gpt-4o-mini } ]";
        gateway = TestGateway.startWithModels(mock, tmp, """
                  - { alias: fast, %1$s }
                  - { alias: per-minute, %1$s }
                  - { alias: metered, %1$s }
                  - { alias: overrun, %1$s }
                  - { alias: streamed, %1$s }
                  - { alias: burst, %1$s }
                  - { alias: sdk, %1$s }
                  - { alias: headers, %1$s }
                  - { alias: shared, %1$s }
                  - { alias: upstream-429, targets: [ { provider: mock, model: gpt-4o-mini-limited } ] }  # its own target: a 429 cools it down
                  - { alias: choices, %1$s }
                """.formatted(target), """
                  - { name: beta, key: "%s", tenant: beta }
                  - { name: gamma, key: "%s", tenant: acme }
                rate_limits:
                  - { scope: { alias: per-minute }, rpm: 3 }
                  - { scope: { alias: metered }, tpm: %3$d }
                  - { scope: { alias: overrun }, tpm: %3$d }
                  - { scope: { alias: streamed }, tpm: %3$d }
                  - { scope: { alias: burst }, rpm: 10 }
                  - { scope: { alias: sdk }, rpm: 60 }
                  - { scope: { alias: headers }, rpm: 100, tpm: 100000 }
                  - { scope: { alias: shared }, rpm: 2 }
                  - { scope: { alias: upstream-429 }, rpm: 100 }
                  - { scope: { alias: choices }, tpm: %3$d }
                  - { scope: { key: limited }, rpm: 2 }
                  - { scope: { tenant: beta }, rpm: 2 }
                breaker: { window: 10000, minimum_calls: 10000 }
                """.formatted(BETA_KEY, GAMMA_KEY, TPM));
    }

    @AfterAll
    static void stop() {
        gateway.close();
        mock.close();
    }

    private static String body(String alias, String extra) {
        return "{\"model\":\"" + alias + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Say hello to the rate limiter\"}]"
                + (extra.isEmpty() ? "" : "," + extra) + "}";
    }

    private static HttpResponse<String> chat(String key, String body) {
        return gateway.post("/v1/chat/completions", body, "authorization", bearer(key), "content-type", "application/json");
    }

    private static String header(HttpResponse<?> response, String name) {
        return response.headers().firstValue(name).orElseThrow(() -> new AssertionError("no " + name + " header in " + response.headers().map()));
    }

    private static long remainingTokens(HttpResponse<?> response) {
        return Long.parseLong(header(response, "x-ratelimit-remaining-tokens"));
    }

    /** The tokens the gateway charges up front: prompt as the estimator counts it plus max_tokens. */
    private static long estimate(String body, long maxTokens) {
        return new TokenEstimator().promptTokens((ObjectNode) TestGateway.json(body)) + maxTokens;
    }

    /** Tokens a bucket of {@link #TPM} per minute refills in {@code nanos} (rounded up, plus one for flooring). */
    private static long refilledIn(long nanos) {
        return (long) Math.ceil(nanos / 60e9 * TPM) + 1;
    }

    @Test
    void should_answer_429_with_retry_after_and_headers_when_the_rpm_is_used_up() {
        for (int i = 0; i < 3; i++) {
            assertEquals(200, chat(KEY, body("per-minute", "")).statusCode());
        }

        HttpResponse<String> refused = chat(KEY, body("per-minute", ""));

        assertEquals(429, refused.statusCode());
        JsonNode error = TestGateway.json(refused.body()).get("error");
        assertEquals("requests", error.get("type").asText());
        assertEquals("rate_limit_exceeded", error.get("code").asText());
        assertTrue(error.get("message").asText().startsWith(
                "Rate limit reached for per-minute in alias per-minute on requests per min (RPM): Limit 3, Used 3, Requested 1."),
                error.get("message").asText());
        long retryAfter = Long.parseLong(header(refused, "retry-after"));
        long waitMs = waitMillis(refused.body());
        assertTrue(waitMs > 0 && waitMs <= 20_000, "wait " + waitMs); // one request per 20 s
        assertEquals((waitMs + 999) / 1000, retryAfter); // the message's wait, rounded up to whole seconds
        assertEquals("3", header(refused, "x-ratelimit-limit-requests"));
        assertEquals("0", header(refused, "x-ratelimit-remaining-requests"));
        long resetMs = durationMillis(header(refused, "x-ratelimit-reset-requests"));
        assertTrue(resetMs > 40_000 && resetMs <= 60_000, "reset " + resetMs + " ms"); // empty: a full minute to refill, less what passed
    }

    @Test
    void should_record_the_denial_in_the_receipt_when_refused() {
        for (int i = 0; i < 2; i++) {
            chat(LIMITED_KEY, body("fast", ""));
        }

        HttpResponse<String> refused = chat(LIMITED_KEY, body("fast", ""));

        assertEquals(429, refused.statusCode());
        JsonNode receipt = gateway.receiptEventually(header(refused, "x-caravan-trace-id"), LIMITED_KEY);
        assertEquals(429, receipt.get("status").asInt());
        JsonNode decision = receipt.get("decisions").get(0);
        assertEquals("rate_limit", decision.get("stage").asText());
        assertEquals("key:limited", decision.get("id").asText());
        assertEquals("deny", decision.get("outcome").asText());
        assertTrue(decision.get("detail").asText().contains("Limit 2, Used 2"), decision.toString());
        assertTrue(receipt.get("attempts").isEmpty(), "a refused request must not reach the upstream");
    }

    @Test
    void should_limit_one_key_without_touching_another_key_of_its_tenant() {
        // "limited" is limited to 2 per minute by its own rule (the test above may have used it up).
        for (int i = 0; i < 3; i++) {
            chat(LIMITED_KEY, body("fast", ""));
        }
        assertEquals(429, chat(LIMITED_KEY, body("fast", "")).statusCode());

        HttpResponse<String> sameTenant = chat(KEY, body("fast", ""));

        assertEquals(200, sameTenant.statusCode());
        assertTrue(sameTenant.headers().firstValue("x-ratelimit-limit-requests").isEmpty(), "no limit applies to key dev on fast");
    }

    @Test
    void should_limit_one_tenant_without_touching_another_tenant() {
        for (int i = 0; i < 2; i++) {
            assertEquals(200, chat(BETA_KEY, body("fast", "")).statusCode());
        }

        HttpResponse<String> refused = chat(BETA_KEY, body("fast", ""));

        assertEquals(429, refused.statusCode());
        assertTrue(TestGateway.json(refused.body()).get("error").get("message").asText().contains("in tenant beta"));
        assertEquals(200, chat(KEY, body("fast", "")).statusCode());
    }

    @Test
    void should_share_an_alias_limit_between_keys_and_leave_other_aliases_alone() {
        assertEquals(200, chat(KEY, body("shared", "")).statusCode());
        assertEquals(200, chat(GAMMA_KEY, body("shared", "")).statusCode());

        HttpResponse<String> refused = chat(KEY, body("shared", ""));

        assertEquals(429, refused.statusCode());
        assertTrue(TestGateway.json(refused.body()).get("error").get("message").asText().contains("in alias shared"));
        assertEquals(200, chat(KEY, body("fast", "")).statusCode());
    }

    @Test
    void should_send_all_six_headers_when_a_plain_request_succeeds() {
        HttpResponse<String> response = chat(KEY, body("headers", "\"max_tokens\":100"));

        assertEquals(200, response.statusCode());
        assertEquals("100", header(response, "x-ratelimit-limit-requests"));
        assertEquals("99", header(response, "x-ratelimit-remaining-requests"));
        assertEquals("600ms", header(response, "x-ratelimit-reset-requests"));
        assertEquals("100000", header(response, "x-ratelimit-limit-tokens"));
        assertTrue(remainingTokens(response) < 100_000 - 100);
        assertTrue(header(response, "x-ratelimit-reset-tokens").matches("\\d+ms"), header(response, "x-ratelimit-reset-tokens"));
    }

    @Test
    void should_send_the_headers_when_a_stream_succeeds() {
        HttpResponse<String> response = chat(KEY, body("headers", "\"stream\":true"));

        assertEquals(200, response.statusCode());
        assertTrue(response.body().contains("data: [DONE]"));
        assertEquals("100", header(response, "x-ratelimit-limit-requests"));
        assertEquals("100000", header(response, "x-ratelimit-limit-tokens"));
        assertTrue(response.headers().firstValue("x-ratelimit-remaining-requests").isPresent());
    }

    @Test
    void should_charge_the_estimate_up_front_and_refund_what_was_not_used() {
        String body = body("metered", "\"max_tokens\":5000,\"mock\":{\"prompt_tokens\":40,\"completion_tokens\":60}");
        long estimate = estimate(body, 5000);
        long start = System.nanoTime();

        HttpResponse<String> first = chat(KEY, body);
        assertEquals(TPM - estimate, remainingTokens(first)); // a full bucket, charged the estimate

        HttpResponse<String> second = chat(KEY, body);
        long refill = refilledIn(System.nanoTime() - start);
        long expected = TPM - 100 - estimate; // the first now counts its actual 40 + 60 tokens
        assertTrue(remainingTokens(second) >= expected && remainingTokens(second) <= expected + refill,
                "remaining " + remainingTokens(second) + ", expected " + expected + " (+ up to " + refill + " refilled)");
    }

    @Test
    void should_charge_the_completion_cap_once_per_choice_when_n_is_set() {
        String body = body("choices", "\"n\":3,\"max_tokens\":100");

        HttpResponse<String> response = chat(KEY, body);

        assertEquals(TPM - (estimate(body, 0) + 3 * 100), remainingTokens(response));
    }

    @Test
    void should_debit_the_extra_when_a_request_used_more_than_its_estimate() {
        String body = body("overrun", "\"max_tokens\":10,\"mock\":{\"prompt_tokens\":40,\"completion_tokens\":3000}");
        long estimate = estimate(body, 10);
        long start = System.nanoTime();

        assertEquals(TPM - estimate, remainingTokens(chat(KEY, body)));

        HttpResponse<String> second = chat(KEY, body);
        long refill = refilledIn(System.nanoTime() - start);
        long expected = TPM - 3040 - estimate;
        assertTrue(remainingTokens(second) >= expected && remainingTokens(second) <= expected + refill,
                "remaining " + remainingTokens(second) + ", expected " + expected + " (+ up to " + refill + " refilled)");
    }

    @Test
    void should_settle_a_streams_tokens_when_the_stream_ends() {
        String streamBody = body("streamed", "\"stream\":true,\"max_tokens\":5000,\"mock\":{\"prompt_tokens\":40,\"completion_tokens\":60}");
        long start = System.nanoTime();
        HttpResponse<String> stream = chat(KEY, streamBody);
        assertEquals(TPM - estimate(streamBody, 5000), remainingTokens(stream));
        gateway.receiptEventually(header(stream, "x-caravan-trace-id"), KEY); // recorded, and settled, at the last byte

        String plain = body("streamed", "\"max_tokens\":1");
        HttpResponse<String> next = chat(KEY, plain);

        long refill = refilledIn(System.nanoTime() - start);
        long expected = TPM - 100 - estimate(plain, 1);
        assertTrue(remainingTokens(next) >= expected && remainingTokens(next) <= expected + refill,
                "remaining " + remainingTokens(next) + ", expected " + expected + " (+ up to " + refill + " refilled)");
    }

    @Test
    void should_serve_exactly_the_rpm_when_fifty_requests_arrive_at_once() {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest request = HttpRequest.newBuilder(gateway.baseUrl().resolve("/v1/chat/completions"))
                .timeout(Duration.ofSeconds(20))
                .header("authorization", bearer(KEY))
                .POST(HttpRequest.BodyPublishers.ofString(body("burst", "")))
                .build();
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            calls.add(client.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
        }

        Map<Integer, Long> byStatus = calls.stream().map(CompletableFuture::join)
                .collect(Collectors.groupingBy(HttpResponse::statusCode, Collectors.counting()));

        assertEquals(Map.of(200, 10L, 429, 40L), byStatus);
    }

    @Test
    void should_let_the_openai_sdk_read_the_headers_and_wait_for_retry_after() {
        HttpResponseFor<ChatCompletion> raw = gateway.openai(KEY).chat().completions().withRawResponse()
                .create(ChatCompletionCreateParams.builder().model("sdk").addUserMessage("hi").build());
        assertEquals("60", raw.headers().values("x-ratelimit-limit-requests").get(0));
        assertEquals("59", raw.headers().values("x-ratelimit-remaining-requests").get(0));
        assertEquals("1s", raw.headers().values("x-ratelimit-reset-requests").get(0));
        raw.parse();
        usedUpWithTimeToSpare("sdk", Duration.ofMillis(300));
        OpenAIClient retrying = OpenAIOkHttpClient.builder().baseUrl(gateway.baseUrl() + "/v1").apiKey(KEY)
                .maxRetries(1).timeout(Duration.ofSeconds(20)).build();
        long start = System.nanoTime();

        ChatCompletion completion = retrying.chat().completions()
                .create(ChatCompletionCreateParams.builder().model("sdk").addUserMessage("hi").build());

        long waitedMs = (System.nanoTime() - start) / 1_000_000;
        assertFalse(completion.choices().isEmpty());
        // Retry-After: 1 → the SDK waits 1 s; its own backoff would have waited at most 0.5 s.
        assertTrue(waitedMs >= 950, "the SDK retried after " + waitedMs + " ms");
    }

    /** Sends requests until one is refused with at least {@code spare} left to wait (read from its message). */
    private static void usedUpWithTimeToSpare(String alias, Duration spare) {
        HttpRequest request = HttpRequest.newBuilder(gateway.baseUrl().resolve("/v1/chat/completions"))
                .header("authorization", bearer(KEY)).POST(HttpRequest.BodyPublishers.ofString(body(alias, ""))).build();
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        List<CompletableFuture<HttpResponse<String>>> burst = new ArrayList<>();
        for (int i = 0; i < 70; i++) {
            burst.add(client.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
        }
        burst.forEach(CompletableFuture::join);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = chat(KEY, body(alias, ""));
            if (response.statusCode() == 429) {
                long waitMs = waitMillis(response.body());
                if (waitMs >= spare.toMillis()) {
                    return;
                }
                sleep(Duration.ofMillis(waitMs + 5));
            }
        }
        throw new AssertionError("could not use up alias " + alias);
    }

    /** The wait a 429's message names ("Please try again in 850ms." / "in 6s." / "in 1m0s."), in ms. */
    private static long waitMillis(String errorBody) {
        Matcher m = Pattern.compile("try again in ([0-9a-z.]+)\\.").matcher(errorBody);
        if (!m.find()) {
            throw new AssertionError("no wait in " + errorBody);
        }
        return durationMillis(m.group(1));
    }

    /** OpenAI's reset notation: 850ms, 6s, 8.64s, 1m0s. */
    private static long durationMillis(String duration) {
        Matcher m = Pattern.compile("(?:(\\d+)m)?(?:(\\d+)ms|([\\d.]+)s)").matcher(duration);
        if (!m.matches()) {
            throw new AssertionError("not a duration: " + duration);
        }
        long minutes = m.group(1) == null ? 0 : Long.parseLong(m.group(1));
        long millis = m.group(2) != null ? Long.parseLong(m.group(2)) : Math.round(Double.parseDouble(m.group(3)) * 1000);
        return minutes * 60_000 + millis;
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void should_keep_our_headers_and_pass_the_upstreams_retry_after_when_the_upstream_refuses() {
        HttpResponse<String> response = chat(KEY, body("upstream-429", "\"mock\":{\"status\":429,\"retry_after\":\"7\"}"));

        assertEquals(429, response.statusCode());
        assertEquals("7", header(response, "retry-after"));
        assertEquals("100", header(response, "x-ratelimit-limit-requests"));
        assertEquals("99", header(response, "x-ratelimit-remaining-requests"));
    }
}
