package dev.caravan.platform.server;

import dev.caravan.platform.config.CorsConfig;
import dev.caravan.platform.config.WireLimits;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.component.netty.http.HttpServerBootstrapFactory;
import org.apache.camel.component.netty.http.HttpServerConsumerChannelFactory;
import org.apache.camel.component.netty.http.NettyHttpComponent;
import org.apache.camel.component.netty.http.NettyHttpConsumer;

/**
 * Camel's netty-http component with {@link ExactPathChannelHandler} as the per-port dispatcher, so
 * a request for a route's exact path finds its consumer with one map lookup, and with the
 * {@link WireChannelInitializer}'s hardened pipeline on every listener.
 */
final class ExactPathNettyHttpComponent extends NettyHttpComponent {

    private final Map<Integer, HttpServerConsumerChannelFactory> byPort = new ConcurrentHashMap<>();
    private final Map<String, HttpServerBootstrapFactory> byAddress = new ConcurrentHashMap<>();
    private final WireLimits limits;
    private final int maxBodyBytes;
    private final CorsConfig cors;

    private final ShutdownDrain drain; // null: no graceful shutdown

    /** With the default wire limits, an 8 MiB body limit and CORS off. */
    ExactPathNettyHttpComponent() {
        this(WireLimits.DEFAULTS, 8 << 20, CorsConfig.DISABLED, null);
    }

    ExactPathNettyHttpComponent(WireLimits limits, int maxBodyBytes, CorsConfig cors, ShutdownDrain drain) {
        this.drain = drain;
        this.limits = limits;
        this.maxBodyBytes = maxBodyBytes;
        this.cors = cors;
    }

    @Override
    public HttpServerConsumerChannelFactory getMultiplexChannelHandler(int port) {
        return byPort.computeIfAbsent(port, p -> {
            ExactPathChannelHandler handler = new ExactPathChannelHandler();
            handler.init(p);
            return handler;
        });
    }

    @Override
    protected HttpServerBootstrapFactory getOrCreateHttpNettyServerBootstrapFactory(NettyHttpConsumer consumer) {
        // As Camel's own (one bootstrap per address), with the hardened pipeline.
        return byAddress.computeIfAbsent(consumer.getConfiguration().getAddress(), address -> {
            HttpServerBootstrapFactory factory = new HttpServerBootstrapFactory(
                    getMultiplexChannelHandler(consumer.getConfiguration().getPort()));
            factory.init(getCamelContext(), consumer.getConfiguration(),
                    new WireChannelInitializer(consumer, limits, maxBodyBytes, new AtomicInteger(), cors, drain));
            return factory;
        });
    }

    @Override
    protected void doStop() throws Exception {
        super.doStop();
        byPort.clear();
        byAddress.clear();
    }
}
