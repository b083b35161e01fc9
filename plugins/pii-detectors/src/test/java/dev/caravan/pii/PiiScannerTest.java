package dev.caravan.pii;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class PiiScannerTest {

    @Test
    void should_return_findings_in_text_order_when_several_kinds_occur() {
        String text = "card 4111111111111111, mail a@example.com, ip 10.0.0.1";

        List<PiiKind> kinds = PiiScanner.all().scan(text).stream().map(Span::kind).toList();

        assertEquals(List.of(PiiKind.CREDIT_CARD, PiiKind.EMAIL, PiiKind.IPV4), kinds);
    }

    @Test
    void should_keep_only_the_secret_when_an_email_lies_inside_a_private_key_block() {
        String text = "-----BEGIN PRIVATE KEY-----\nMIIEow root@example.com IBAAKCAQEA\n-----END PRIVATE KEY-----";

        List<Span> spans = PiiScanner.all().scan(text);

        assertEquals(List.of(new Span(PiiKind.SECRET, 0, text.length())), spans);
    }

    @Test
    void should_report_only_the_selected_kinds_when_built_with_some_detectors() {
        PiiScanner emailOnly = new PiiScanner(Detectors.byIds(List.of("email")));

        List<Span> spans = emailOnly.scan("a@example.com 4111111111111111");

        assertEquals(List.of(new Span(PiiKind.EMAIL, 0, 13)), spans);
    }

    @Test
    void should_name_the_unknown_id_and_the_known_ones_when_a_detector_id_is_wrong() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Detectors.byIds(List.of("email", "passport")));

        assertTrue(e.getMessage().startsWith("unknown detector 'passport'; known: secret, credit_card"), e.getMessage());
    }

    @Test
    void should_scan_long_runs_of_digits_and_separators_in_bounded_time_when_input_is_adversarial() {
        // Linear scanning takes about a second even on a loaded machine; catastrophic or quadratic
        // backtracking (400 KB squared) would take far longer than the generous bound.
        String hostile = "4111-".repeat(25_000) + "+1 (".repeat(25_000) + "a@".repeat(25_000) + "1:".repeat(25_000)
                + "sk-".repeat(25_000) + "-----BEGIN PRIVATE KEY-----".repeat(1_000);

        long start = System.nanoTime();
        PiiScanner.all().scan(hostile);
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertTrue(millis < 30_000, "scan took " + millis + " ms");
    }
}
