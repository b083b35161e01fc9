package dev.caravan.platform.server;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.component.netty.http.HttpServerConsumerChannelFactory;
import org.apache.camel.component.netty.http.NettyHttpComponent;

/**
 * Camel's netty-http component with {@link ExactPathChannelHandler} as the per-port dispatcher, so
 * a request for a route's exact path finds its consumer with one map lookup.
 */
final class ExactPathNettyHttpComponent extends NettyHttpComponent {

    private final Map<Integer, HttpServerConsumerChannelFactory> byPort = new ConcurrentHashMap<>();

    @Override
    public HttpServerConsumerChannelFactory getMultiplexChannelHandler(int port) {
        return byPort.computeIfAbsent(port, p -> {
            ExactPathChannelHandler handler = new ExactPathChannelHandler();
            handler.init(p);
            return handler;
        });
    }

    @Override
    protected void doStop() throws Exception {
        super.doStop();
        byPort.clear();
    }
}
