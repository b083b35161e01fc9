package dev.caravan.platform.server;

import dev.caravan.api.redaction.LogRedactor;
import dev.caravan.platform.admin.AuditEndpoint;
import dev.caravan.platform.audit.AuditLog;
import dev.caravan.platform.config.CaravanConfig;
import dev.caravan.platform.config.ConfigLoader;
import dev.caravan.platform.admin.ExportEndpoint;
import dev.caravan.platform.logging.LoggingPolicy;
import dev.caravan.platform.admin.RequestLogEndpoint;
import dev.caravan.platform.logging.RequestLogger;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caravan.platform.pipeline.PreviousResponseStage;
import dev.caravan.platform.pipeline.ResponseStore;
import dev.caravan.platform.pipeline.StoreResponseStage;
import dev.caravan.platform.pipeline.StoredResponsesEndpoint;
import dev.caravan.platform.plugins.PluginHost;
import dev.caravan.platform.admin.RetentionEndpoint;
import dev.caravan.platform.retention.RetentionPurger;
import dev.caravan.platform.storage.AuditRepository;
import dev.caravan.platform.storage.ExportRepository;
import dev.caravan.platform.storage.RequestLogRepository;
import dev.caravan.platform.storage.RetentionRepository;
import dev.caravan.platform.storage.Storage;
import dev.caravan.platform.storage.StoredResponseRepository;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.stream.Collectors;
import org.apache.camel.Processor;

/**
 * The parts that decide what is stored and for how long, and who may read it: the request log
 * writer, the retention purge, and the admin stages over them and the audit log
 * ({@code getRequestLog}, {@code export}, {@code retentionStatus}, {@code retentionRun},
 * {@code listAudit}), and the stored Responses objects ({@code storeResponse}, {@code storedResponses}, {@code previousResponse}). The audit log itself is the gateway's, shared with the other admin stages.
 */
final class PrivacyParts implements AutoCloseable {

    private final RequestLogger logger;
    private final RetentionPurger purger;
    private final Map<String, Processor> beans = new LinkedHashMap<>();

    private PrivacyParts(RequestLogger logger, RetentionPurger purger) {
        this.logger = logger;
        this.purger = purger;
    }

    /**
     * Checks the configured redactors are loaded (else a {@code ConfigException}), then starts the writer and the purge.
     *
     * @param scriptRedactors the redactor scripts the config names ({@code script:<name>}), already checked
     */
    static PrivacyParts start(CaravanConfig config, Storage storage, PluginHost plugins, Map<String, LogRedactor> scriptRedactors,
            MeterRegistry meters, Executor storageExecutor, AuditLog audit) {
        Map<String, LogRedactor> redactors = plugins.extensions(LogRedactor.class).stream()
                .collect(Collectors.toMap(LogRedactor::id, r -> r, (first, second) -> first, LinkedHashMap::new));
        redactors.putAll(scriptRedactors); // script:<name> ids; a plugin of the same id is shadowed
        ConfigLoader.checkRedactors(config, redactors.keySet());
        LoggingPolicy policy = new LoggingPolicy(config);
        RequestLogger logger = RequestLogger.start(config, storage.jdbi(), redactors, meters);
        RetentionPurger purger = new RetentionPurger(new RetentionRepository(storage.jdbi()), policy,
                config.logging().purgeBatchSize(), Clock.systemUTC(), meters).schedule(config.logging().purgeInterval());
        PrivacyParts parts = new PrivacyParts(logger, purger);
        parts.beans.put("getRequestLog", new RequestLogEndpoint(new RequestLogRepository(storage.jdbi()), storageExecutor));
        parts.beans.put("export", new ExportEndpoint(new ExportRepository(storage.jdbi()), storageExecutor));
        parts.beans.put("retentionStatus", RetentionEndpoint.status(purger, policy, storageExecutor));
        parts.beans.put("retentionRun", RetentionEndpoint.run(purger, policy, audit, storageExecutor));
        ResponseStore responses = new ResponseStore(new StoredResponseRepository(storage.jdbi()), storageExecutor);
        ObjectMapper json = new ObjectMapper();
        parts.beans.put("storeResponse", new StoreResponseStage(responses, logger, json));
        parts.beans.put("previousResponse", new PreviousResponseStage(responses, json));
        parts.beans.put("storedResponses", new StoredResponsesEndpoint(responses, json));
        parts.beans.put("listAudit", new AuditEndpoint(new AuditRepository(storage.jdbi()), storageExecutor));
        return parts;
    }

    RequestLogger logger() {
        return logger;
    }

    RetentionPurger purger() {
        return purger;
    }

    Map<String, Processor> beans() {
        return Map.copyOf(beans);
    }

    @Override
    public void close() {
        purger.close();
        logger.close();
    }
}
