package dev.caravan.platform.pipeline;

import dev.caravan.platform.exchange.GatewayException;

import dev.caravan.platform.auth.AuthThrottle;
import dev.caravan.platform.auth.SourceAddress;
import java.net.SocketAddress;
import org.apache.camel.Exchange;
import org.apache.camel.component.netty.NettyConstants;

/** What the two authenticate stages share: the caller's source, and the 429 of a throttled one. */
public final class ThrottledAuth {

    private ThrottledAuth() {}

    /** The TCP peer the request came from (see {@link SourceAddress}). */
    public static String source(Exchange exchange) {
        return SourceAddress.of(exchange.getIn().getHeader(NettyConstants.NETTY_REMOTE_ADDRESS, SocketAddress.class));
    }

    /**
     * The 429 for a throttled source or prefix, or null when neither is. Rendered in the route's
     * shape by its error stage (OpenAI's {@code requests} type; Anthropic's {@code rate_limit_error}).
     */
    public static GatewayException refusal(AuthThrottle throttle, String source, String prefix) {
        long retryAfter = throttle.retryAfterSeconds(source, prefix);
        if (retryAfter == 0) {
            return null;
        }
        return new GatewayException(429, "requests", "auth_throttled", null,
                "Too many failed authentication attempts from this address or for this key; retry after " + retryAfter
                        + " seconds.").withHeader("Retry-After", Long.toString(retryAfter));
    }
}
