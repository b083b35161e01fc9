package dev.caravan.platform.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caravan.mock.MockOptions;
import dev.caravan.mock.MockUpstream;
import dev.caravan.platform.storage.PostgresTestDatabase;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The production store: keys bootstrapped into PostgreSQL authenticate, and receipts land there. */
class PostgresGatewayTest {

    @RegisterExtension
    static final PostgresTestDatabase PG = new PostgresTestDatabase();

    @Test
    void should_serve_and_store_the_receipt_in_postgresql(@TempDir Path tmp) throws Exception {
        try (MockUpstream mock = MockUpstream.start(MockOptions.defaults());
                TestGateway gateway = TestGateway.startOn(mock, tmp, PG.jdbcUrl(), PG.user())) {
            HttpResponse<String> response = gateway.post("/v1/chat/completions",
                    "{\"model\":\"fast\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                    "authorization", TestGateway.bearer(TestGateway.KEY));
            assertEquals(200, response.statusCode(), response.body());
            String traceId = response.headers().firstValue("x-caravan-trace-id").orElseThrow();

            assertTrue(gateway.gateway().flushReceipts(Duration.ofSeconds(10)));
            try (Connection connection = PG.connection();
                    PreparedStatement select = connection.prepareStatement(
                            "select served_by, status, completion_tokens from receipts where trace_id = ?")) {
                select.setString(1, traceId);
                try (ResultSet row = select.executeQuery()) {
                    assertTrue(row.next(), "receipt not in PostgreSQL");
                    assertEquals("mock/gpt-4o-mini", row.getString(1));
                    assertEquals(200, row.getInt(2));
                    assertTrue(row.getLong(3) > 0);
                }
            }
        }
    }
}
