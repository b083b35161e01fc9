package dev.caravan.platform.audit;

import dev.caravan.platform.auth.AuthBurst;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records each burst of failed authentications as one {@value #ACTION} audit entry (actor
 * {@value #ACTOR}, target {@code source:<address>} or {@code key_prefix:<prefix>}) and one warning
 * in the log. Told on the request's thread, so the entry is written on the storage executor; when
 * that is full or the database refuses, the warning in the log still names the burst.
 */
public final class AuthBurstAudit implements Consumer<AuthBurst> {

    public static final String ACTION = "auth.throttled";
    public static final String ACTOR = "system:auth_throttle";
    private static final Logger LOG = LoggerFactory.getLogger(AuthBurstAudit.class);

    private final AuditLog audit;
    private final Executor storageExecutor;

    public AuthBurstAudit(AuditLog audit, Executor storageExecutor) {
        this.audit = audit;
        this.storageExecutor = storageExecutor;
    }

    @Override
    public void accept(AuthBurst burst) {
        LOG.warn("{} failed {} authentications in {} ms for {} (source {}, key prefix {}): refused for {} ms",
                burst.failures(), burst.kind().tag(), burst.window().toMillis(), burst.target(), burst.source(),
                burst.keyPrefix() == null ? "-" : burst.keyPrefix(), burst.cooldown().toMillis());
        try {
            storageExecutor.execute(() -> write(burst));
        } catch (RejectedExecutionException e) {
            LOG.warn("audit entry {} for {} not written: the storage queue is full", ACTION, burst.target());
        }
    }

    private void write(AuthBurst burst) {
        Map<String, Object> after = new LinkedHashMap<>();
        after.put("kind", burst.kind().tag());
        after.put("throttled", burst.scope());
        after.put("source", burst.source());
        after.put("key_prefix", burst.keyPrefix());
        after.put("failures", burst.failures());
        after.put("window_ms", burst.window().toMillis());
        after.put("cooldown_ms", burst.cooldown().toMillis());
        try {
            audit.record(ACTOR, ACTION, burst.target(), null, after);
        } catch (RuntimeException e) {
            LOG.warn("audit entry {} for {} not written: {}", ACTION, burst.target(), e.getMessage());
        }
    }
}
