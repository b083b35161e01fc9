package dev.caravan.platform.server;

import java.util.Collection;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.component.netty.http.NettyHttpEndpoint;

/** The paths the Camel context listens on ({@code /v1/chat/completions}, ...), for bounded metric tags. */
final class RoutePaths {

    private RoutePaths() {}

    static Collection<String> of(CamelContext camel) {
        if (camel == null) {
            return List.of();
        }
        return camel.getEndpoints().stream()
                .filter(NettyHttpEndpoint.class::isInstance)
                .map(endpoint -> ((NettyHttpEndpoint) endpoint).getConfiguration().getPath())
                .filter(path -> path != null && !path.isBlank())
                .toList();
    }
}
