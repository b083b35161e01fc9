package dev.caravan.platform.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.caravan.platform.it.TestGateway;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Exact paths are found by lookup; everything else canonical still gets Camel's matching, with the same answers. */
class ExactPathChannelHandlerTest {

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private DefaultCamelContext camel;
    private ExactPathChannelHandler handler;
    private int port;

    @BeforeEach
    void start() throws Exception {
        port = TestGateway.freePort();
        camel = new DefaultCamelContext();
        ExactPathNettyHttpComponent component = new ExactPathNettyHttpComponent();
        camel.addComponent("netty-http", component);
        String base = "netty-http:http://127.0.0.1:" + port;
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(base + "/a/b?httpMethodRestrict=POST").routeId("ab-post").setBody(constant("ab-post"));
                from(base + "/a/b?httpMethodRestrict=GET").routeId("ab-get").setBody(constant("ab-get"));
                from(base + "/a?matchOnUriPrefix=true").routeId("a-prefix").setBody(constant("a-prefix"));
                from(base + "/items/{id}").routeId("template").setBody(simple("item ${header.id}"));
            }
        });
        camel.start();
        handler = (ExactPathChannelHandler) component.getMultiplexChannelHandler(port);
    }

    @AfterEach
    void stop() {
        camel.stop();
    }

    @Test
    void should_find_the_consumer_of_an_exact_path_and_method_by_lookup() {
        assertEquals("ab-post", handler.exactRouteId(request(HttpMethod.POST, "/a/b")));
        assertEquals("ab-get", handler.exactRouteId(request(HttpMethod.GET, "/a/b")));
        assertEquals("ab-post", handler.exactRouteId(request(HttpMethod.POST, "/a/b/?x=1")));
        assertEquals("a-prefix", handler.exactRouteId(request(HttpMethod.DELETE, "/a")));
    }

    @Test
    void should_leave_prefixes_templates_options_and_refused_methods_to_camel() {
        assertNull(handler.exactRouteId(request(HttpMethod.GET, "/a/c")));
        assertNull(handler.exactRouteId(request(HttpMethod.GET, "/items/7")));
        assertNull(handler.exactRouteId(request(HttpMethod.OPTIONS, "/a/b")));
        assertNull(handler.exactRouteId(request(HttpMethod.DELETE, "/a/b")));
        assertNull(handler.exactRouteId(request(HttpMethod.POST, "/a/b%20c")));
    }

    @Test
    void should_answer_as_camel_does_for_every_kind_of_path() throws Exception {
        assertEquals("200 ab-post", call("POST", "/a/b"));
        assertEquals(404, status("POST", "/a/b/?x=1")); // not a route's path as written (CanonicalPathTest)
        assertEquals("200 ab-get", call("GET", "/a/b"));
        assertEquals("200 a-prefix", call("GET", "/a/c/d"));
        assertEquals("200 a-prefix", call("GET", "/a"));
        assertEquals("200 item 7", call("GET", "/items/7"));
        assertEquals(404, status("GET", "/nowhere"));
    }

    @Test
    void should_forget_a_stopped_route() throws Exception {
        camel.getRouteController().stopRoute("ab-post");

        assertNull(handler.exactRouteId(request(HttpMethod.POST, "/a/b")));
        assertEquals("200 a-prefix", call("POST", "/a/b"));
        assertEquals("200 ab-get", call("GET", "/a/b"));
    }

    private static DefaultHttpRequest request(HttpMethod method, String uri) {
        return new DefaultHttpRequest(HttpVersion.HTTP_1_1, method, uri);
    }

    private String call(String method, String path) throws Exception {
        HttpResponse<String> response = send(method, path);
        return response.statusCode() + " " + response.body();
    }

    private int status(String method, String path) throws Exception {
        return send(method, path).statusCode();
    }

    private HttpResponse<String> send(String method, String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, method.equals("GET") ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString("{}"))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
