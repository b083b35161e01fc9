package dev.caravan.platform.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caravan.api.provider.SseEvent;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Incremental SSE framing: whatever the buffer boundaries, the same events come out. */
class SseParserTest {

    private final SseParser parser = new SseParser();

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private List<SseEvent> feed(byte[]... buffers) {
        List<SseEvent> events = new ArrayList<>();
        for (byte[] buffer : buffers) {
            events.addAll(parser.feed(ByteBuffer.wrap(buffer)));
        }
        return events;
    }

    private List<SseEvent> feed(String... buffers) {
        return feed(Arrays.stream(buffers).map(SseParserTest::utf8).toArray(byte[][]::new));
    }

    /** Feeds {@code stream} to a fresh parser as two buffers split at {@code at}. */
    private static List<SseEvent> splitAt(byte[] stream, int at) {
        SseParser fresh = new SseParser();
        List<SseEvent> events = new ArrayList<>(fresh.feed(ByteBuffer.wrap(stream, 0, at)));
        events.addAll(fresh.feed(ByteBuffer.wrap(stream, at, stream.length - at)));
        return events;
    }

    @Test
    void should_return_event_when_fed_in_one_buffer() {
        assertEquals(List.of(SseEvent.data("{\"a\":1}")), feed("data: {\"a\":1}\n\n"));
    }

    @Test
    void should_return_same_events_when_split_at_every_byte_position() {
        byte[] stream = utf8("event: delta\r\ndata: one\r\ndata: two\r\n\r\n: keep-alive\r\ndata: [DONE]\r\n\r\n");
        List<SseEvent> expected = List.of(new SseEvent("delta", "one\ntwo"), SseEvent.data("[DONE]"));

        for (int at = 0; at <= stream.length; at++) {
            assertEquals(expected, splitAt(stream, at), "split at byte " + at);
        }
    }

    @Test
    void should_return_same_events_when_fed_one_byte_per_buffer() {
        byte[] stream = utf8("data: a\n\ndata: b\r\rdata: c\r\n\r\n");
        List<SseEvent> events = new ArrayList<>();

        for (byte b : stream) {
            events.addAll(parser.feed(ByteBuffer.wrap(new byte[] {b})));
        }

        assertEquals(List.of(SseEvent.data("a"), SseEvent.data("b"), SseEvent.data("c")), events);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\n", "\r\n", "\r"})
    void should_frame_events_when_lines_end_in_lf_crlf_or_cr(String eol) {
        List<SseEvent> events = feed("data: one" + eol + "data: two" + eol + eol + "data: three" + eol + eol);

        assertEquals(List.of(SseEvent.data("one\ntwo"), SseEvent.data("three")), events);
    }

    @Test
    void should_treat_cr_and_lf_as_one_line_end_when_split_across_buffers() {
        List<SseEvent> events = feed("data: a\r", "\ndata: b\r\n\r\n");

        assertEquals(List.of(SseEvent.data("a\nb")), events);
    }

    @Test
    void should_end_event_when_cr_is_followed_by_cr_in_next_buffer() {
        List<SseEvent> events = feed("data: a\r", "\r");

        assertEquals(List.of(SseEvent.data("a")), events);
    }

    @Test
    void should_join_data_lines_with_lf_when_event_has_several() {
        assertEquals(List.of(SseEvent.data("a\n\nc")), feed("data: a\ndata:\ndata: c\n\n"));
    }

    @Test
    void should_name_event_when_event_field_given() {
        assertEquals(List.of(new SseEvent("message_start", "{}")), feed("event: message_start\ndata: {}\n\n"));
    }

    @Test
    void should_forget_event_name_when_event_dispatched() {
        List<SseEvent> events = feed("event: ping\ndata: 1\n\ndata: 2\n\n");

        assertEquals(List.of(new SseEvent("ping", "1"), SseEvent.data("2")), events);
    }

    @Test
    void should_skip_comment_lines_when_interleaved() {
        assertEquals(List.of(SseEvent.data("x")), feed(": hello\ndata: x\n:\n\n"));
    }

    @Test
    void should_ignore_id_retry_and_unknown_fields() {
        assertEquals(List.of(SseEvent.data("x")), feed("id: 7\nretry: 1000\nfoo: bar\ndata: x\n\n"));
    }

    @Test
    void should_strip_only_one_space_when_value_starts_with_spaces() {
        assertEquals(List.of(SseEvent.data(" x"), SseEvent.data("y")), feed("data:  x\n\ndata:y\n\n"));
    }

    @Test
    void should_read_empty_data_when_field_has_no_colon() {
        assertEquals(List.of(SseEvent.data("")), feed("data\n\n"));
    }

    @Test
    void should_keep_colons_in_value_when_value_contains_them() {
        assertEquals(List.of(SseEvent.data("a: b:c")), feed("data: a: b:c\n\n"));
    }

    @Test
    void should_not_dispatch_when_event_has_no_data() {
        assertEquals(List.of(), feed("event: ping\n\n\n"));
    }

    @Test
    void should_decode_utf8_when_characters_split_at_every_byte_position() {
        String text = "héllo wörld — 你好 😀";
        byte[] stream = utf8("data: " + text + "\n\n");

        for (int at = 0; at <= stream.length; at++) {
            assertEquals(List.of(SseEvent.data(text)), splitAt(stream, at), "split at byte " + at);
        }
    }

    @Test
    void should_read_line_when_longer_than_initial_buffer() {
        String big = "x".repeat(10_000);

        assertEquals(List.of(SseEvent.data(big)), feed("data: " + big.substring(0, 3000), big.substring(3000) + "\n\n"));
    }

    @Test
    void should_return_no_event_when_blank_line_missing() {
        assertEquals(List.of(), feed("data: a\n"));
    }

    @Test
    void should_consume_whole_buffer_when_fed() {
        ByteBuffer buffer = ByteBuffer.wrap(utf8("data: a\n\ndata: b"));

        parser.feed(buffer);

        assertFalse(buffer.hasRemaining());
    }

    @Test
    void should_have_no_partial_event_when_nothing_fed() {
        assertFalse(parser.hasPartialEvent());
    }

    @Test
    void should_have_partial_event_when_line_unfinished() {
        feed("data: hal");

        assertTrue(parser.hasPartialEvent());
    }

    @Test
    void should_have_partial_event_when_data_awaits_blank_line() {
        feed("data: whole line\n");

        assertTrue(parser.hasPartialEvent());
    }

    @Test
    void should_have_no_partial_event_when_last_event_dispatched() {
        feed("data: a\n\n");

        assertFalse(parser.hasPartialEvent());
    }

    @Test
    void should_have_no_partial_event_when_only_a_comment_line_ended() {
        feed(": keep-alive\n");

        assertFalse(parser.hasPartialEvent());
    }

    @Test
    void should_make_each_line_an_event_when_the_stream_is_line_delimited() {
        SseParser lines = SseParser.lines(64);
        List<SseEvent> events = new ArrayList<>(lines.feed(ByteBuffer.wrap(utf8("{\"token\":\"He"))));
        events.addAll(lines.feed(ByteBuffer.wrap(utf8("l\"}\r\n\n{\"done\":true}\n"))));
        assertEquals(List.of(SseEvent.data("{\"token\":\"Hel\"}"), SseEvent.data("{\"done\":true}")), events);
    }

    @Test
    void should_refuse_a_line_past_the_limit_when_the_stream_is_line_delimited() {
        SseParser lines = SseParser.lines(8);
        assertEquals(List.of(SseEvent.data("{\"a\":1}")), lines.feed(ByteBuffer.wrap(utf8("{\"a\":1}\n")))); // each line has the whole limit
        assertThrows(SseParser.EventTooLargeException.class, () -> lines.feed(ByteBuffer.wrap(utf8("{\"a\":12345}\n"))));
    }
}
