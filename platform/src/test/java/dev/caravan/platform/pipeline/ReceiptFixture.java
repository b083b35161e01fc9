package dev.caravan.platform.pipeline;

import dev.caravan.platform.exchange.RequestState;
import dev.caravan.platform.exchange.TraceIds;

import dev.caravan.platform.config.ReceiptsConfig;
import dev.caravan.platform.storage.ReceiptRepository;
import dev.caravan.platform.storage.ReceiptWriter;
import dev.caravan.platform.storage.Storage;
import dev.caravan.platform.storage.VirtualKey;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real receipt writer on the shared in-memory database, and a recorder in front of it, its
 * finish route loaded from the real {@code routes/finish.yaml} into a Camel context of its own.
 */
final class ReceiptFixture implements AutoCloseable {

    static final VirtualKey KEY = new VirtualKey("key-1", "dev", "acme", List.of(), true);

    final Storage storage = MemoryStorage.shared();
    final ReceiptRepository repository = new ReceiptRepository(storage.jdbi());
    final ReceiptWriter writer;
    final ReceiptRecorder recorder;

    ReceiptFixture(Path spillDir) {
        writer = new ReceiptWriter(repository, new ReceiptsConfig(1_000, 100, Duration.ofMillis(10),
                spillDir.resolve("spill.jsonl")), new SimpleMeterRegistry());
        recorder = new ReceiptRecorder(writer, new dev.caravan.platform.pricing.ReceiptPricer(dev.caravan.platform.pricing.PricingCatalog.withShipped(List.of())));
        camel = FinishRouteContext.start(recorder);
    }

    private final org.apache.camel.CamelContext camel;

    /** A request that passed {@code ingress} and {@code authenticate}. */
    static RequestState authenticated() {
        RequestState state = new RequestState(TraceIds.next(), "/v1/chat/completions", true);
        state.key(KEY);
        return state;
    }

    /** Receipts stored for {@code traceId}, once everything submitted so far is written. */
    long stored(String traceId) {
        if (!writer.flush(Duration.ofSeconds(5))) {
            throw new AssertionError("receipt writer did not flush");
        }
        return storage.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM receipts WHERE trace_id = :t")
                .bind("t", traceId).mapTo(Long.class).one());
    }

    @Override
    public void close() {
        camel.stop();
        writer.close();
    }
}
