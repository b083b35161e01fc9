package dev.caravan.platform.policy.script;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.caravan.api.RequestContext;
import dev.caravan.api.policy.PolicyDecision;
import dev.caravan.api.policy.PolicyRequest;
import dev.caravan.api.policy.RequestPolicy;
import dev.caravan.platform.config.PoliciesConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Requests, folders and configs for the script policy tests. */
final class ScriptFixtures {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ScriptFixtures() {}

    static PolicyRequest request(String tenant, Map<String, String> metadata, String body) {
        try {
            RequestContext context = new RequestContext("trace-1", tenant, "key-1", "alice", "fast", metadata, Instant.now());
            return new PolicyRequest(context, "fast", (ObjectNode) JSON.readTree(body), 12, 1024);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static PolicyRequest request(String tenant) {
        return request(tenant, Map.of(), "{\"model\":\"fast\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
    }

    /**
     * Scripts in {@code dir} with a roomy time limit: these tests are about behaviour, not time, and
     * the build machine may be busy. The 50 ms default is tested in ScriptTimeoutTest and ScriptHotReloadTest.
     */
    static PoliciesConfig config(Path dir) {
        return new PoliciesConfig(dir, Duration.ofSeconds(1), PoliciesConfig.OnError.DENY, 2, Duration.ofMillis(100), List.of(), List.of());
    }

    static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            // Write then move, as editors do, so the poller never reads half a file.
            Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
            Files.writeString(tmp, text);
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Calls {@code attempt} until {@code done} accepts its value, failing after {@code timeout}. */
    static <T> T poll(java.util.function.Supplier<T> attempt, java.util.function.Predicate<T> done, Duration timeout, String failure) {
        return dev.caravan.platform.it.Poll.until(attempt, done, timeout, () -> failure + " within " + timeout.toMillis() + " ms");
    }

    static PolicyDecision decide(RequestPolicy policy, PolicyRequest request) {
        try {
            return policy.beforeRequest(request).toCompletableFuture().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("policy " + policy.id() + " did not decide", e);
        }
    }
}
