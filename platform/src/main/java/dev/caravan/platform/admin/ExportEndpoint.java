package dev.caravan.platform.admin;

import dev.caravan.platform.logging.ExportFormat;
import dev.caravan.platform.logging.ExportStream;

import dev.caravan.platform.exchange.GatewayException;
import dev.caravan.platform.exchange.HttpResponses;
import dev.caravan.platform.exchange.QueryParameters;
import dev.caravan.platform.exchange.RequestState;
import dev.caravan.platform.storage.ExportRepository;
import dev.caravan.platform.storage.Receipt;
import dev.caravan.platform.storage.RequestLog;
import dev.caravan.platform.upstream.SseResponse;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.netty.NettyConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stage {@code export}: {@code GET /admin/v1/exports?format=jsonl|csv&include=receipts|logs&since=&until=&tenant=&key=}
 * streams receipts or request logs, oldest first, as a chunked response. The rows are read
 * page by page on a storage thread ({@link ExportRepository}) and written as they come, with back-pressure
 * ({@link ExportStream}), so memory does not grow with the number of rows. Exported logs are
 * the stored rows: already scrubbed and redacted; receipts never hold credentials. A failure
 * after the first byte ends the body with a last line saying so ({@code {"error":...}} in JSONL,
 * {@code # export failed: ...} in CSV). Admin only.
 */
public final class ExportEndpoint implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(ExportEndpoint.class);
    private static final List<String> KNOWN = List.of("format", "include", "since", "until", "tenant", "key");

    private final ExportRepository repo;
    private final Executor storageExecutor;

    public ExportEndpoint(ExportRepository repo, Executor storageExecutor) {
        this.repo = repo;
        this.storageExecutor = storageExecutor;
    }

    @Override
    public void process(Exchange exchange) {
        RequestState state = RequestState.of(exchange);
        if (state.adminActor() == null) {
            throw new IllegalStateException("export must follow the adminAuthenticate stage");
        }
        QueryParameters q = QueryParameters.of(exchange, KNOWN);
        boolean logs = q.choice("include", List.of("receipts", "logs"), "receipts").equals("logs");
        Class<? extends Record> type = logs ? RequestLog.class : Receipt.class;
        ExportFormat format = q.choice("format", List.of("jsonl", "csv"), "jsonl").equals("csv")
                ? ExportFormat.csv(type) : ExportFormat.jsonl();
        ExportRepository.Filter filter = new ExportRepository.Filter(q.instant("since"), q.instant("until"),
                q.value("tenant"), q.value("key"));
        if (filter.since() != null && filter.until() != null && !filter.since().isBefore(filter.until())) {
            throw GatewayException.badRequest("until", "'until' must be later than 'since'.");
        }
        ChannelHandlerContext ctx = exchange.getIn().getHeader(NettyConstants.NETTY_CHANNEL_HANDLER_CONTEXT, ChannelHandlerContext.class);
        SseResponse response = new SseResponse(ctx, state.keepAlive());
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, format.contentType());
        response.headers().set(HttpHeaderNames.CONTENT_DISPOSITION,
                "attachment; filename=\"caravan-" + (logs ? "logs" : "receipts") + "." + format.extension() + "\"");
        HttpResponses.addGatewayHeaders(response.headers(), state);
        ExportStream stream = new ExportStream(response);
        try {
            storageExecutor.execute(() -> produce(logs, filter, format, stream, state.traceId()));
        } catch (RejectedExecutionException e) {
            response.close();
            throw new GatewayException(503, "api_error", "storage_unavailable", null,
                    "The export cannot start right now; retry shortly.", null, e);
        }
        exchange.getMessage().setBody(response);
    }

    private void produce(boolean logs, ExportRepository.Filter filter, ExportFormat format, ExportStream stream, String traceId) {
        try {
            stream.accept(format.header());
            long rows = logs
                    ? repo.logs(filter, row -> stream.accept(format.line(row)))
                    : repo.receipts(filter, row -> stream.accept(format.line(row)));
            LOG.info("trace {}: exported {} {}", traceId, rows, logs ? "request logs" : "receipts");
        } catch (ExportStream.Cancelled e) {
            LOG.info("trace {}: export stopped: client went away", traceId);
        } catch (RuntimeException e) {
            Throwable cause = e;
            while (cause.getCause() instanceof ExportStream.Cancelled c) {
                cause = c;
            }
            if (cause instanceof ExportStream.Cancelled) {
                LOG.info("trace {}: export stopped: client went away", traceId);
            } else {
                Throwable root = e;
                while (root.getCause() != null && root.getCause() != root) {
                    root = root.getCause();
                }
                LOG.warn("trace {}: export failed after the response started: {} (cause: {})", traceId, e.getMessage(), root.toString());
                trailer(format, stream);
            }
        } finally {
            stream.finish();
        }
    }

    /** The status is already 200: the last line tells the reader the file is incomplete. */
    private static void trailer(ExportFormat format, ExportStream stream) {
        try {
            stream.accept(format.extension().equals("csv")
                    ? "# export failed: the database stopped answering; this file is incomplete\r\n"
                    : "{\"error\":{\"message\":\"export failed: the database stopped answering; this file is incomplete\","
                            + "\"type\":\"api_error\",\"code\":\"export_incomplete\"}}\n");
        } catch (ExportStream.Cancelled ignored) {
            // client gone too
        }
    }
}
