package dev.caravan.platform.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class RequestCaptureTest {

    @Test
    void should_collect_every_credential_header_value_when_headers_are_read() {
        RequestCapture capture = new RequestCapture();
        capture.readHeaders(new DefaultHttpHeaders().add("Authorization", "Bearer sk-virtual-0001")
                .add("x-api-key", "sk-other-0002").add("api-key", "azure-0003").add("x-goog-api-key", "goog-0004"));
        assertEquals(List.of("sk-virtual-0001", "sk-other-0002", "azure-0003", "goog-0004"), capture.presentedSecrets());
        assertFalse(capture.doNotTrack());
    }

    @Test
    void should_refuse_the_header_when_do_not_track_is_not_a_boolean() {
        RequestCapture capture = new RequestCapture();
        assertThrows(IllegalArgumentException.class,
                () -> capture.readHeaders(new DefaultHttpHeaders().add(RequestCapture.DO_NOT_TRACK_HEADER, "yes")));
    }

    @Test
    void should_accumulate_the_answer_text_when_chat_chunks_stream() {
        RequestCapture capture = new RequestCapture();
        Consumer<String> tap = capture.streamTap(100);
        tap.accept("{\"choices\":[{\"delta\":{\"role\":\"assistant\"}}]}");
        tap.accept("{\"choices\":[{\"delta\":{\"content\":\"Hel\"}}]}");
        tap.accept("{\"choices\":[{\"delta\":{\"content\":\"lo\"}}]}");
        tap.accept("[DONE]");
        assertEquals("Hello", capture.streamText());
        assertFalse(capture.streamTruncated());
    }

    @Test
    void should_mark_truncated_when_the_answer_passes_the_limit() {
        RequestCapture capture = new RequestCapture();
        Consumer<String> tap = capture.streamTap(4);
        tap.accept("{\"choices\":[{\"delta\":{\"content\":\"abc\"}}]}");
        tap.accept("{\"choices\":[{\"delta\":{\"content\":\"def\"}}]}");
        assertEquals("abcd", capture.streamText());
        assertTrue(capture.streamTruncated());
    }
}
