package dev.caravan.platform.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docs/metrics.md lists every caravan_* meter the gateway publishes. */
class MetricsDocsTest extends StandardGatewayTest {

    private static final Pattern FAMILY = Pattern.compile("^# TYPE (caravan_[a-z_]+) ", Pattern.MULTILINE);

    @Test
    void should_document_every_caravan_meter_when_the_gateway_has_served_requests() throws IOException {
        String chat = "{\"model\":\"fast\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        String stream = "{\"model\":\"fast\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        String down = "{\"model\":\"nowhere\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        for (String body : List.of(chat, stream, down)) {
            gateway.post("/v1/chat/completions", body, "authorization", TestGateway.bearer(TestGateway.KEY));
        }
        assertEquals(401, gateway.post("/v1/chat/completions", chat, "authorization", "Bearer sk-not-a-key-0000000000").statusCode());
        String scrape = Poll.until(() -> gateway.get("/metrics").body(), body -> body.contains("caravan_requests_total{"),
                java.time.Duration.ofSeconds(10), () -> "no request counted");

        Set<String> published = new TreeSet<>();
        Matcher m = FAMILY.matcher(scrape);
        while (m.find()) {
            // Micrometer publishes a histogram's or summary's maximum as its own gauge family.
            published.add(m.group(1).replaceFirst("_max$", ""));
        }
        String docs = Files.readString(Path.of("../docs/metrics.md"));
        Set<String> missing = new TreeSet<>();
        for (String family : published) {
            if (!docs.contains("`" + family + "`") && !docs.contains("`" + family + "_total`")) {
                missing.add(family);
            }
        }
        assertTrue(published.size() >= 10, "too few caravan meters published: " + published);
        assertTrue(missing.isEmpty(), "meters missing from docs/metrics.md: " + missing);
    }
}
