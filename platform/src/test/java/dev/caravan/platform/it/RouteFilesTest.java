package dev.caravan.platform.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caravan.mock.MockOptions;
import dev.caravan.mock.MockUpstream;
import dev.caravan.platform.server.RouteFileException;
import dev.caravan.platform.server.RouteFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Route files are checked at start (file and line in the error) and reloaded on change when asked. */
class RouteFilesTest {

    static MockUpstream mock;

    @BeforeAll
    static void start() {
        mock = MockUpstream.start(MockOptions.defaults());
    }

    @AfterAll
    static void stop() {
        mock.close();
    }

    private static Path copyOfShippedRoutes(Path tmp) throws IOException {
        return TestGateway.copyOfShippedRoutes(tmp.resolve("routes"));
    }

    @Test
    void should_name_file_and_line_when_a_route_file_is_not_valid_yaml(@TempDir Path tmp) throws IOException {
        Path routes = copyOfShippedRoutes(tmp);
        Files.writeString(routes.resolve("broken.yaml"), """
                - route:
                    id: broken
                    from:
                      uri: "netty-http:{{caravan.listen}}/broken"
                      steps:
                        - process: { ref: ingress
                """);

        RouteFileException e = assertThrows(RouteFileException.class, () -> TestGateway.start(mock, tmp, routes));
        assertTrue(e.getMessage().contains("broken.yaml"), e.getMessage());
        assertTrue(e.getMessage().contains("line"), e.getMessage());
    }

    @Test
    void should_name_the_file_when_a_route_uses_an_unknown_stage(@TempDir Path tmp) throws IOException {
        Path routes = copyOfShippedRoutes(tmp);
        Files.writeString(routes.resolve("unknown-stage.yaml"), """
                - route:
                    id: unknown-stage
                    from:
                      uri: "netty-http:{{caravan.listen}}/unknown"
                      steps:
                        - process: { ref: ingress }
                        - process: { ref: autenticate }
                """);

        RouteFileException e = assertThrows(RouteFileException.class, () -> TestGateway.start(mock, tmp, routes));
        assertTrue(e.getMessage().contains("autenticate"), e.getMessage());
    }

    @Test
    void should_serve_a_new_route_file_when_reload_is_on(@TempDir Path tmp) throws IOException {
        Path routes = copyOfShippedRoutes(tmp);
        try (TestGateway gateway = TestGateway.startWithReload(mock, tmp, routes)) {
            assertEquals(404, gateway.get("/v1/hello").statusCode());

            Files.writeString(routes.resolve("hello.yaml"), """
                    - route:
                        id: hello
                        routeConfigurationId: caravan-errors
                        from:
                          uri: "netty-http:{{caravan.listen}}/v1/hello"
                          steps:
                            - process: { ref: ingress }
                            - process: { ref: health }
                    """);

            Poll.until(() -> gateway.get("/v1/hello").statusCode(), status -> status == 200, Duration.ofSeconds(20),
                    () -> "reloaded route never served");
        }
    }

    @Test
    void should_serve_the_changed_rest_path_when_admin_yaml_is_edited_and_reload_is_on(@TempDir Path tmp) throws IOException {
        Path routes = copyOfShippedRoutes(tmp);
        try (TestGateway gateway = TestGateway.startWithReload(mock, tmp, routes)) {
            assertEquals("admin_disabled", errorCode(gateway.get("/admin/v1/policies"))); // served (the admin API is off here)

            Path admin = routes.resolve("admin.yaml");
            Files.writeString(admin, Files.readString(admin).replace("path: /policies", "path: /policy-scripts"));

            Poll.until(() -> errorCode(gateway.get("/admin/v1/policy-scripts")), "admin_disabled"::equals, Duration.ofSeconds(20),
                    () -> "the edited REST path was never served");
            assertEquals("unknown_url", errorCode(gateway.get("/admin/v1/policies")));
            assertEquals("admin_disabled", errorCode(gateway.get("/admin/v1/receipts"))); // the file's other paths still served
        }
    }

    private static String errorCode(java.net.http.HttpResponse<String> response) {
        return TestGateway.json(response.body()).path("error").path("code").asText();
    }
}
