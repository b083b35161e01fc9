package dev.caravan.plugins.redaction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caravan.api.RequestContext;
import dev.caravan.api.redaction.Redaction;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The before/after example of docs/plugins/redaction.md is what the redactor does. */
class DocsExampleTest {

    private static final Path DOC = Path.of("../../docs/plugins/redaction.md");

    @Test
    void should_turn_the_first_json_example_into_the_second() throws IOException {
        assertTrue(Files.isRegularFile(DOC), "no " + DOC.toAbsolutePath());
        List<String> blocks = new ArrayList<>();
        Matcher m = Pattern.compile("```json\\n(.*?)\\n```", Pattern.DOTALL).matcher(Files.readString(DOC));
        while (m.find()) {
            blocks.add(m.group(1));
        }
        assertEquals(2, blocks.size());

        Redaction r = new PiiLogRedactor().redact(blocks.get(0),
                new RequestContext("t", "acme", "k", "dev", "gpt-4o-mini", Map.of(), Instant.EPOCH));

        assertEquals(blocks.get(1), r.text());
        assertEquals(Map.of("secret", 1, "email", 1), r.counts());
    }
}
