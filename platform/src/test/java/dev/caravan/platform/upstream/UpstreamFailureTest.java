package dev.caravan.platform.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.caravan.platform.upstream.UpstreamFailure.Kind;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/** What the client (502/504) and the receipt are told for each way an upstream call can fail. */
class UpstreamFailureTest {

    @Test
    void should_classify_connect_error_when_connection_refused() {
        UpstreamFailure failure = UpstreamFailure.classify(new CompletionException(new ConnectException("Connection refused")));

        assertEquals(new UpstreamFailure(Kind.CONNECT_ERROR, "connection failed: Connection refused"), failure);
        assertEquals(502, failure.kind().status());
        assertEquals("connect_error", failure.label());
    }

    @Test
    void should_name_exception_when_connect_exception_has_no_message() {
        assertEquals("connection failed: ConnectException",
                UpstreamFailure.classify(new CompletionException(new ConnectException())).detail());
    }

    @Test
    void should_classify_connect_error_when_io_exception_wraps_connect_exception() {
        IOException wrapped = new IOException("send failed", new ConnectException("Connection refused"));

        assertEquals(new UpstreamFailure(Kind.CONNECT_ERROR, "connection failed: Connection refused"),
                UpstreamFailure.classify(new CompletionException(wrapped)));
    }

    @Test
    void should_classify_connect_error_when_connect_timed_out() {
        UpstreamFailure failure = UpstreamFailure.classify(new HttpConnectTimeoutException("HTTP connect timed out"));

        assertEquals(new UpstreamFailure(Kind.CONNECT_ERROR, "connection failed: HTTP connect timed out"), failure);
        assertEquals(502, failure.kind().status());
    }

    @Test
    void should_classify_connect_error_when_host_unresolved() {
        assertEquals(Kind.CONNECT_ERROR, UpstreamFailure.classify(new CompletionException(new UnresolvedAddressException())).kind());
    }

    @Test
    void should_classify_timeout_when_request_timed_out() {
        UpstreamFailure failure = UpstreamFailure.classify(new CompletionException(new HttpTimeoutException("request timed out")));

        assertEquals(new UpstreamFailure(Kind.TIMEOUT, "upstream did not answer within the timeout"), failure);
        assertEquals(504, failure.kind().status());
        assertEquals("timeout", failure.label());
    }

    @Test
    void should_classify_timeout_when_call_cancelled_by_deadline() {
        assertEquals(Kind.TIMEOUT, UpstreamFailure.classify(new CancellationException()).kind());
    }

    @Test
    void should_classify_timeout_when_cancellation_arrives_wrapped() {
        assertEquals(Kind.TIMEOUT, UpstreamFailure.classify(new CompletionException(new CancellationException())).kind());
    }

    @Test
    void should_classify_timeout_when_timeout_exception_inside_execution_exception() {
        assertEquals(Kind.TIMEOUT, UpstreamFailure.classify(new ExecutionException(new TimeoutException())).kind());
    }

    @Test
    void should_classify_io_error_when_io_exception_wrapped_in_completion_exception() {
        UpstreamFailure failure = UpstreamFailure.classify(new CompletionException(new IOException("connection reset")));

        assertEquals(new UpstreamFailure(Kind.IO_ERROR, "connection error: connection reset"), failure);
        assertEquals(502, failure.kind().status());
        assertEquals("io_error", failure.label());
    }

    @Test
    void should_unwrap_nested_completion_exceptions() {
        Throwable nested = new CompletionException(new CompletionException(new IOException("eof")));

        assertEquals("connection error: eof", UpstreamFailure.classify(nested).detail());
    }

    @Test
    void should_name_exception_class_when_failure_is_not_io() {
        assertEquals(new UpstreamFailure(Kind.IO_ERROR, "IllegalStateException"),
                UpstreamFailure.classify(new CompletionException(new IllegalStateException("secret internals"))));
    }

    @Test
    void should_keep_completion_exception_when_it_has_no_cause() {
        assertEquals(new UpstreamFailure(Kind.IO_ERROR, "CompletionException"),
                UpstreamFailure.classify(new CompletionException("no cause", null)));
    }
}
