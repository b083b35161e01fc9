package dev.caravan.platform.upstream;

import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Reads an upstream answer whole, but never more than {@code limit} bytes of it: an answer whose
 * {@code Content-Length} is larger is refused before a byte of it is read, and one of unknown
 * length (chunked, or ended by closing) is counted as it arrives and the call cancelled at the
 * bound, so nothing past it is buffered. Either way the body fails with {@link AnswerTooLargeException}.
 * (The JDK's {@code ofByteArray} reads without limit: one huge answer could exhaust the heap.)
 */
public final class BoundedBody implements HttpResponse.BodySubscriber<byte[]> {

    static final String SETTING = "max_response_bytes";

    private final long limit;
    private final AnswerTooLargeException refused; // null: read, counting
    private final CompletableFuture<byte[]> body = new CompletableFuture<>();
    private final List<ByteBuffer> parts = new ArrayList<>();
    private long received;
    private Flow.Subscription subscription;

    private BoundedBody(long limit, AnswerTooLargeException refused) {
        this.limit = limit;
        this.refused = refused;
    }

    /** The body of the answer {@code info} announces, read up to {@code limit} bytes. */
    public static BoundedBody of(HttpResponse.ResponseInfo info, long limit) {
        OptionalLong declared = declaredLength(info);
        if (declared.isPresent() && declared.getAsLong() > limit) {
            return new BoundedBody(limit, new AnswerTooLargeException(limit, SETTING,
                    "the upstream answer's Content-Length of " + declared.getAsLong() + " bytes"));
        }
        return new BoundedBody(limit, null);
    }

    private static OptionalLong declaredLength(HttpResponse.ResponseInfo info) {
        try {
            return info.headers().firstValueAsLong("content-length");
        } catch (NumberFormatException e) {
            return OptionalLong.empty(); // the JDK reads such a body to its end: counted like a chunked one
        }
    }

    @Override
    public CompletionStage<byte[]> getBody() {
        return body;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        if (refused != null) {
            s.cancel();
            body.completeExceptionally(refused);
            return;
        }
        s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        if (body.isDone()) {
            return;
        }
        for (ByteBuffer buffer : buffers) {
            received += buffer.remaining();
            if (received > limit) {
                parts.clear();
                subscription.cancel(); // closes the connection: the rest is never read
                body.completeExceptionally(new AnswerTooLargeException(limit, SETTING, "the upstream answer"));
                return;
            }
            parts.add(buffer);
        }
    }

    @Override
    public void onError(Throwable error) {
        parts.clear();
        body.completeExceptionally(error);
    }

    @Override
    public void onComplete() {
        byte[] bytes = new byte[(int) received];
        int at = 0;
        for (ByteBuffer part : parts) {
            int n = part.remaining();
            part.get(bytes, at, n);
            at += n;
        }
        parts.clear();
        body.complete(bytes);
    }
}
