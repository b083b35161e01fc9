package dev.caravan.platform.console;

import dev.caravan.platform.exchange.GatewayException;
import dev.caravan.platform.exchange.RequestState;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Stage {@code consoleAssets}: the console's files from the jar ({@code console/} on the class
 * path) and the chart library from its WebJar, under {@code /console/}. {@code /console} redirects
 * to {@code /console/}. The set of files is fixed at build time, so each is read once and kept.
 */
public final class ConsoleAssets implements Processor {

    private static final String UPLOT = "META-INF/resources/webjars/uplot/1.6.30/dist/";
    private static final Map<String, String> FILES = Map.of(
            "/console", "console/index.html",
            "/console/console.js", "console/console.js",
            "/console/console.css", "console/console.css",
            "/console/vendor/uPlot.iife.min.js", UPLOT + "uPlot.iife.min.js",
            "/console/vendor/uPlot.min.css", UPLOT + "uPlot.min.css");

    private final Map<String, byte[]> cache = new ConcurrentHashMap<>();

    @Override
    public void process(Exchange exchange) {
        String path = RequestState.of(exchange).endpoint();
        String resource = FILES.get(path);
        if (resource == null) {
            throw new GatewayException(404, "invalid_request_error", "unknown_url", null,
                    "Unknown console path '" + path + "'. The console is at /console.");
        }
        byte[] body = cache.computeIfAbsent(resource, ConsoleAssets::read);
        ConsoleResponses.send(exchange, 200, contentType(resource), body, Map.of("cache-control", "no-cache"));
    }

    private static String contentType(String resource) {
        if (resource.endsWith(".html")) {
            return "text/html; charset=utf-8";
        }
        if (resource.endsWith(".js")) {
            return "text/javascript; charset=utf-8";
        }
        return "text/css; charset=utf-8";
    }

    private static byte[] read(String resource) {
        try (InputStream in = ConsoleAssets.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("console asset " + resource + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
