package dev.caravan.platform.pipeline;

import org.apache.camel.Exchange;
import org.apache.camel.spi.HeaderFilterStrategy;

/**
 * The netty-http header filter of the gateway: no Camel message header becomes an HTTP header.
 * Request headers are mapped into the message for routes to read ({@link RequestHeaders}); without
 * this filter, a route whose last step leaves a plain body would echo them (and whatever a route
 * set) to the client. Stages that answer build the whole Netty response with exactly the headers
 * they mean to send ({@link HttpResponses}), which this filter does not touch. The same holds for a
 * netty-http producer a route calls: the client's headers are not forwarded to it.
 */
public final class ResponseHeaderFilter implements HeaderFilterStrategy {

    @Override
    public boolean applyFilterToCamelHeaders(String headerName, Object headerValue, Exchange exchange) {
        return true; // Camel → HTTP: nothing passes
    }

    @Override
    public boolean applyFilterToExternalHeaders(String headerName, Object headerValue, Exchange exchange) {
        return true; // HTTP → Camel: mapped once, by the ingress stage, with its own rules
    }
}
