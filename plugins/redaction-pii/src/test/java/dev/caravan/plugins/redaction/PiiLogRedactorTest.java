package dev.caravan.plugins.redaction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caravan.api.RequestContext;
import dev.caravan.api.redaction.Redaction;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PiiLogRedactorTest {

    private static final RequestContext CONTEXT = new RequestContext("t-1", "acme", "k-1", "dev", "m", Map.of(), Instant.EPOCH);
    private static final String OPENAI_KEY = "sk-" + "proj-" + "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8S9t0";

    private final PiiLogRedactor redactor = new PiiLogRedactor();

    @Test
    void should_be_named_pii() {
        assertEquals("pii", redactor.id());
    }

    @Test
    void should_mask_every_kind_and_count_each_when_a_body_has_all_of_them() {
        String text = "mail jane@example.com, call +1 415 555 0132, card 4111 1111 1111 1111, IBAN DE89370400440532013000, "
                + "SSN 536-22-8142, from 10.0.0.1 and 2001:db8::1, key " + OPENAI_KEY;

        Redaction r = redactor.redact(text, CONTEXT);

        assertEquals("mail [EMAIL], call [PHONE], card [CREDIT_CARD], IBAN [IBAN], SSN [US_SSN], from [IPV4] and [IPV6], key [SECRET]", r.text());
        assertEquals(Map.of("email", 1, "phone", 1, "credit_card", 1, "iban", 1, "us_ssn", 1, "ipv4", 1, "ipv6", 1, "secret", 1), r.counts());
    }

    @Test
    void should_keep_a_json_body_valid_and_free_of_the_values_when_masking() throws Exception {
        String body = "{\"messages\":[{\"role\":\"user\",\"content\":\"Key:\\n" + OPENAI_KEY + "\\nmail: \\\"jane@example.com\\\"\"}]}";

        Redaction r = redactor.redact(body, CONTEXT);

        String content = new ObjectMapper().readTree(r.text()).at("/messages/0/content").asText();
        assertEquals("Key:\n[SECRET]\nmail: \"[EMAIL]\"", content);
        assertFalse(r.text().contains("jane") || r.text().contains("A1b2C3"));
    }

    @Test
    void should_mask_values_in_sse_events_when_the_body_is_a_stream() {
        String sse = "data: {\"choices\":[{\"delta\":{\"content\":\"write to bob@example.org\"}}]}\n\ndata: [DONE]\n\n";

        Redaction r = redactor.redact(sse, CONTEXT);

        assertEquals("data: {\"choices\":[{\"delta\":{\"content\":\"write to [EMAIL]\"}}]}\n\ndata: [DONE]\n\n", r.text());
    }

    @Test
    void should_return_the_same_text_and_no_counts_when_nothing_is_sensitive() {
        String text = "{\"model\":\"gpt-4o\",\"created\":1700000000,\"id\":\"123e4567-e89b-12d3-a456-426614174000\"}";

        Redaction r = redactor.redact(text, CONTEXT);

        assertSame(text, r.text());
        assertEquals(Map.of(), r.counts());
    }

    @Test
    void should_chain_when_given_its_own_output() {
        Redaction once = redactor.redact("jane@example.com", CONTEXT);

        assertEquals(Redaction.unchanged("[EMAIL]"), redactor.redact(once.text(), CONTEXT));
    }
}
