package dev.caravan.platform.admin;

import dev.caravan.platform.evidence.EvidenceRepository;
import dev.caravan.platform.evidence.EvidenceVerifier;
import dev.caravan.platform.evidence.SigningKey;

import dev.caravan.platform.logging.ExportStream;
import dev.caravan.platform.exchange.GatewayException;
import dev.caravan.platform.exchange.HttpResponses;
import dev.caravan.platform.exchange.RequestState;
import dev.caravan.platform.upstream.SseResponse;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.time.Instant;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.netty.NettyConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stage {@code evidenceExport}: {@code GET /admin/v1/evidence}, every chain record and checkpoint
 * as JSON lines, streamed with back-pressure from a database cursor (the export holds a few chunks
 * in memory however long the chain). {@code caravan verify FILE --public-key KEY} checks it.
 */
public final class EvidenceExportEndpoint implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(EvidenceExportEndpoint.class);

    private final EvidenceRepository evidence;
    private final SigningKey key;
    private final Executor storageExecutor;

    public EvidenceExportEndpoint(EvidenceRepository evidence, SigningKey key, Executor storageExecutor) {
        this.evidence = evidence;
        this.key = key;
        this.storageExecutor = storageExecutor;
    }

    @Override
    public void process(Exchange exchange) {
        RequestState state = RequestState.of(exchange);
        if (state.adminActor() == null) {
            throw new IllegalStateException("evidenceExport must follow the adminAuthenticate stage");
        }
        ChannelHandlerContext ctx = exchange.getIn().getHeader(NettyConstants.NETTY_CHANNEL_HANDLER_CONTEXT, ChannelHandlerContext.class);
        SseResponse response = new SseResponse(ctx, state.keepAlive());
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/x-ndjson");
        response.headers().set(HttpHeaderNames.CONTENT_DISPOSITION, "attachment; filename=\"caravan-evidence.jsonl\"");
        HttpResponses.addGatewayHeaders(response.headers(), state);
        ExportStream stream = new ExportStream(response);
        try {
            storageExecutor.execute(() -> produce(stream, state.traceId()));
        } catch (RejectedExecutionException e) {
            response.close();
            throw new GatewayException(503, "api_error", "storage_unavailable", null, "The export cannot start right now; retry shortly.", null, e);
        }
        exchange.getMessage().setBody(response);
    }

    private void produce(ExportStream stream, String traceId) {
        try {
            stream.accept(new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode().put("type", "evidence_export")
                    .put("key_id", key.keyId()).put("exported_at", Instant.now().toString()) + "\n");
            long records = evidence.export(r -> stream.accept(EvidenceVerifier.recordJson(r) + "\n"),
                    c -> stream.accept(EvidenceVerifier.checkpointJson(c) + "\n"));
            LOG.info("trace {}: exported {} evidence records", traceId, records);
        } catch (RuntimeException e) {
            LOG.warn("trace {}: evidence export stopped: {}", traceId, e.toString());
            try {
                stream.accept("{\"type\":\"error\",\"message\":\"the export is incomplete: it stopped on a storage error\"}\n");
            } catch (RuntimeException ignored) {
                // the client is gone
            }
        } finally {
            stream.finish();
        }
    }
}
