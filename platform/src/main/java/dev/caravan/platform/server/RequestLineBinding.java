package dev.caravan.platform.server;

import dev.caravan.platform.exchange.QueryParameters;
import dev.caravan.platform.exchange.RequestHeaders;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpRequest;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.component.netty.http.NettyHttpConfiguration;
import org.apache.camel.component.netty.http.RestNettyHttpBinding;

/**
 * Camel's netty-http binding restricted to the request line: the message gets Camel's
 * {@code CamelHttp*} headers, the path parameters of a REST DSL path ({@code /budgets/{name}}) and
 * the query parameters, but none of the request's own headers — the {@code ingress} stage maps
 * those with {@link RequestHeaders}' rules, so credentials never become message headers. A query
 * parameter with a name a client may not set ({@code Camel*}, credentials) is left out too. A path
 * or query string Camel cannot decode leaves {@link QueryParameters#PROBLEM} on the exchange, so
 * the route answers 400 in its API's shape instead of Camel failing the request before it.
 */
final class RequestLineBinding extends RestNettyHttpBinding {

    private final RequestHeaders rules;

    RequestLineBinding(RequestHeaders rules) {
        this.rules = rules;
    }

    @Override
    public void populateCamelHeaders(HttpRequest request, Map<String, Object> headers, Exchange exchange,
            NettyHttpConfiguration configuration) throws Exception {
        HttpRequest line = new DefaultHttpRequest(request.protocolVersion(), request.method(), request.uri());
        try {
            super.populateCamelHeaders(line, headers, exchange, configuration); // its query loop is held back by the header filter
            String query = (String) headers.get(Exchange.HTTP_RAW_QUERY);
            if (query != null && !query.isEmpty()) {
                QueryParameters.decode(query).forEach((name, values) -> {
                    // A path parameter of the same name keeps its place.
                    if (rules.mappable(name) && !headers.containsKey(name)) {
                        headers.put(name, values.size() == 1 ? values.get(0) : values);
                    }
                });
            }
        } catch (java.net.URISyntaxException | IllegalArgumentException e) {
            exchange.setProperty(QueryParameters.PROBLEM, e.getMessage());
        }
    }
}
