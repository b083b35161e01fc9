package dev.caravan.platform.upstream;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * Why an upstream call produced no response, classified for the client (502 or 504) and the
 * receipt ({@code connect_error}, {@code timeout}, {@code io_error}).
 */
public record UpstreamFailure(Kind kind, String detail) {

    public enum Kind {
        CONNECT_ERROR(502),
        TIMEOUT(504),
        IO_ERROR(502);

        private final int status;

        Kind(int status) {
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    public static UpstreamFailure classify(Throwable error) {
        Throwable e = unwrap(error);
        if (e instanceof HttpConnectTimeoutException || e instanceof ConnectException
                || e instanceof UnresolvedAddressException) {
            return new UpstreamFailure(Kind.CONNECT_ERROR, "connection failed: " + simpleMessage(e));
        }
        if (e instanceof HttpTimeoutException || e instanceof TimeoutException || e instanceof CancellationException) {
            return new UpstreamFailure(Kind.TIMEOUT, "upstream did not answer within the timeout");
        }
        if (e instanceof IOException) {
            return new UpstreamFailure(Kind.IO_ERROR, "connection error: " + simpleMessage(e));
        }
        return new UpstreamFailure(Kind.IO_ERROR, e.getClass().getSimpleName());
    }

    /** Short receipt label, e.g. {@code timeout}. */
    public String label() {
        return kind.name().toLowerCase();
    }

    private static Throwable unwrap(Throwable e) {
        Throwable current = e;
        while ((current instanceof CompletionException || current instanceof ExecutionException) && current.getCause() != null) {
            current = current.getCause();
        }
        if (current instanceof IOException && current.getCause() instanceof ConnectException) {
            return current.getCause();
        }
        return current;
    }

    private static String simpleMessage(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }
}
