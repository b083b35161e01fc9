package dev.caravan.platform.upstream;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;
import javax.net.ssl.SSLSession;

/**
 * The response {@link UpstreamClient#send} completes with: status and headers as the JDK client
 * reported them to the body handler, and the body its subscriber produced.
 */
record UpstreamResponse<T>(HttpRequest request, HttpResponse.ResponseInfo info, T body) implements HttpResponse<T> {

    @Override
    public int statusCode() {
        return info.statusCode();
    }

    @Override
    public Optional<HttpResponse<T>> previousResponse() {
        return Optional.empty(); // redirects are never followed
    }

    @Override
    public HttpHeaders headers() {
        return info.headers();
    }

    @Override
    public Optional<SSLSession> sslSession() {
        return Optional.empty();
    }

    @Override
    public URI uri() {
        return request.uri();
    }

    @Override
    public HttpClient.Version version() {
        return info.version();
    }
}
