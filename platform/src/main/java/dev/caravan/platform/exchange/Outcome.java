package dev.caravan.platform.exchange;

import dev.caravan.api.Usage;
import dev.caravan.platform.storage.Receipt;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What came of one request, accumulated as it goes: the upstream attempts, the policies' decisions,
 * who served it, its usage and images, its status or error, the upstream timings, and whether it has
 * finished. The receipt is built from this and the request's {@link Caller}. Stages run one after
 * another and a stream's relay takes over after the route completes, so fields are written by one
 * thread at a time; decisions may come from several (a budget settles at a stream's end).
 */
public final class Outcome {

    private final List<Receipt.Attempt> attempts = new ArrayList<>(2);
    private final List<Receipt.Decision> decisions = Collections.synchronizedList(new ArrayList<>(2));
    private final AtomicBoolean finished = new AtomicBoolean();
    private volatile String servedBy;
    private Usage usage = Usage.NONE;
    private long generatedImages; // images in the served answer, for per-image price rows
    private int status;
    private String errorType;
    private String errorMessage;
    private String errorCode;
    private boolean errorFromUpstream;
    private long upstreamNanos;
    private Long upstreamTtfbNanos;
    private Long upstreamTotalNanos;
    private volatile boolean receiptDeferred;
    private Map<String, String> rateLimitHeaders = Map.of();

    /**
     * Marks the request finished; true only for the first caller, so the finish route's steps run
     * exactly once per request, streams included (after the last byte or the client's
     * disconnect), with the request's final usage.
     */
    public boolean finish(int finalStatus) {
        if (!finished.compareAndSet(false, true)) {
            return false;
        }
        this.status = finalStatus;
        return true;
    }

    public boolean isFinished() {
        return finished.get();
    }

    public void fail(int failStatus, String type, String message) {
        this.status = failStatus;
        this.errorType = type;
        this.errorMessage = message;
    }

    /** The error's code, and whether its message is the upstream's text (prompt-derived, not stored bare). */
    public void errorOrigin(String code, boolean fromUpstream) {
        this.errorCode = code;
        this.errorFromUpstream = fromUpstream;
    }

    public String errorCode() { return errorCode; }
    public boolean errorFromUpstream() { return errorFromUpstream; }
    public String errorMessage() { return errorMessage; }

    public void addAttempt(Receipt.Attempt attempt, long attemptNanos) {
        attempts.add(attempt);
        upstreamNanos += attemptNanos;
    }

    /** Replaces the last attempt (a stream's, once it has ended) and adds the extra upstream time. */
    public void completeLastAttempt(Receipt.Attempt attempt, long extraNanos) {
        attempts.set(attempts.size() - 1, attempt);
        upstreamNanos += extraNanos;
    }

    /** Records what a policy stage decided; it goes into the receipt in order. */
    public void addDecision(Receipt.Decision decision) {
        decisions.add(decision);
    }

    public List<Receipt.Decision> decisions() {
        synchronized (decisions) {
            return List.copyOf(decisions);
        }
    }

    /** Upstream calls actually made (targets skipped for an open circuit do not count). */
    public int upstreamTries() {
        return (int) attempts.stream().filter(a -> a.attempt() > 0).count();
    }

    public void servedBy(String by) {
        this.servedBy = by;
    }

    public String servedBy() { return servedBy; }

    public void upstreamTimings(Long ttfbNanos, long totalNanos) {
        this.upstreamTtfbNanos = ttfbNanos;
        this.upstreamTotalNanos = totalNanos;
    }

    public long upstreamNanos() { return upstreamNanos; }
    public Long upstreamTtfbNanos() { return upstreamTtfbNanos; }
    public Long upstreamTotalNanos() { return upstreamTotalNanos; }

    /** A stream took over: its relay writes the receipt when the last byte is sent. */
    public void deferReceipt() {
        this.receiptDeferred = true;
    }

    public boolean receiptDeferred() {
        return receiptDeferred;
    }

    public Usage usage() { return usage; }
    public void usage(Usage u) { this.usage = u; }
    public long generatedImages() { return generatedImages; }
    public void generatedImages(long images) { this.generatedImages = images; }
    public int status() { return status; }
    public String errorType() { return errorType; }
    public List<Receipt.Attempt> attempts() { return attempts; }

    /** The gateway's own {@code x-ratelimit-*} (and {@code retry-after}) headers; they win over the upstream's. */
    public Map<String, String> rateLimitHeaders() { return rateLimitHeaders; }
    public void rateLimitHeaders(Map<String, String> headers) { this.rateLimitHeaders = Collections.unmodifiableMap(new LinkedHashMap<>(headers)); }
}
