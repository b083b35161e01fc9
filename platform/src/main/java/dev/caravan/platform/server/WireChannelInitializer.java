package dev.caravan.platform.server;

import dev.caravan.platform.config.CorsConfig;
import dev.caravan.platform.config.WireLimits;
import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.component.netty.http.HttpServerInitializerFactory;
import org.apache.camel.component.netty.http.NettyHttpConsumer;

/**
 * Camel's netty-http server pipeline, hardened: a connection over {@code server.max_connections} is
 * closed at once; the {@link ConnectionClock} comes first; the decoder is the
 * {@link StrictRequestDecoder} with the configured line and head limits, followed by the
 * {@link RequestFramingGuard}; Camel's inbound streamer (which feeds a chunked body through a
 * blocking pipe on the I/O thread, and failed every chunked request) is removed, so a chunked body
 * is aggregated like any other, by the {@link BoundedBodyAggregator}. The {@link HeadAnswerTrimmer}
 * keeps bodies off HEAD answers, and the {@link CorsHandler} answers preflights when {@code cors:}
 * is enabled.
 */
final class WireChannelInitializer extends HttpServerInitializerFactory {

    private final WireLimits limits;
    private final int maxBodyBytes;
    private final AtomicInteger open;
    private final CorsConfig cors;

    private final ShutdownDrain drain; // null: no graceful shutdown

    WireChannelInitializer(NettyHttpConsumer consumer, WireLimits limits, int maxBodyBytes, AtomicInteger open, CorsConfig cors) {
        this(consumer, limits, maxBodyBytes, open, cors, null);
    }

    WireChannelInitializer(NettyHttpConsumer consumer, WireLimits limits, int maxBodyBytes, AtomicInteger open, CorsConfig cors,
            ShutdownDrain drain) {
        super(consumer);
        this.drain = drain;
        this.cors = cors;
        this.limits = limits;
        this.maxBodyBytes = maxBodyBytes;
        this.open = open;
    }

    @Override
    protected void initChannel(Channel ch) throws Exception {
        if (open.incrementAndGet() > limits.maxConnections()) {
            open.decrementAndGet();
            ch.close();
            return;
        }
        ch.closeFuture().addListener(f -> open.decrementAndGet());
        super.initChannel(ch);
        ChannelPipeline pipeline = ch.pipeline();
        ConnectionClock clock = new ConnectionClock(limits);
        pipeline.addFirst("connection-clock", clock);
        pipeline.replace("decoder", "decoder", new StrictRequestDecoder(limits.maxRequestLineBytes(), limits.maxHeaderBytes()));
        pipeline.addAfter("decoder", "framing-guard", new RequestFramingGuard(limits, clock));
        if (pipeline.get("inbound-streamer") != null) {
            pipeline.remove("inbound-streamer");
        }
        pipeline.replace("aggregator", "aggregator", new BoundedBodyAggregator(maxBodyBytes));
        pipeline.addAfter("encoder", "response-end", new ResponseEndWatcher(clock));
        // In front of the aggregator: they see each request's head (even one refused for its body)
        // and every answer object before the encoder turns it into bytes.
        pipeline.addAfter("response-end", "head-trimmer", new HeadAnswerTrimmer());
        if (cors.enabled()) {
            pipeline.addAfter("head-trimmer", "cors", new CorsHandler(cors));
        }
        if (drain != null) {
            // Next to the encoder: it sees every request the pipeline passes on and every answer to one.
            pipeline.addAfter("encoder", "drain", new DrainHandler(drain));
        }
    }
}
