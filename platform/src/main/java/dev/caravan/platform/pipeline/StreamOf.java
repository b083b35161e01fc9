package dev.caravan.platform.pipeline;

import dev.caravan.platform.exchange.RequestState;

import dev.caravan.platform.upstream.StreamRelay;

/** The relay of a request's stream, for the shutdown drain that ends it at its deadline. */
public final class StreamOf {

    private StreamOf() {}

    /** The request's stream relay, or null while it has none. */
    public static StreamRelay request(RequestState state) {
        return state.attached(RoutedCall.STREAM);
    }
}
