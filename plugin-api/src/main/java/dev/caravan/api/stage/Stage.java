package dev.caravan.api.stage;

import org.pf4j.ExtensionPoint;

/**
 * A custom pipeline stage (since plugin-api 0.1.4): a route runs it where a step names its id,
 * {@code - process: { ref: <id> }} (docs/pipelines.md, "Custom stages"). A stage that no route names
 * is never called.
 *
 * <p>Contract:
 * <ul>
 *   <li>{@link #process} is called once per request that reaches the step, on the gateway's stage pool
 *       (never on a Netty I/O thread, never on a pipeline thread), concurrently for many requests:
 *       keep state thread-safe;</li>
 *   <li>it must answer within the stage's time limit ({@code stages.timeout_ms}); at the limit the
 *       calling thread is interrupted and the request is answered per {@code on_error};</li>
 *   <li>an exception (or a {@code null} decision) is a failure of the stage, answered per
 *       {@code on_error}: the caller gets only the stage's id, never the exception's message;</li>
 *   <li>it must not open connections of its own or block on anything unbounded;</li>
 *   <li>the request it gets is a copy: changes reach the request only through the returned
 *       {@link StageDecision}.</li>
 * </ul>
 */
public interface Stage extends ExtensionPoint {

    /**
     * The name routes refer to; unique among the loaded stages, not one of the platform's stage names,
     * and without a {@code :} (the {@code script:} prefix names stage scripts).
     */
    String id();

    /** Looks at the request and says how it goes on: {@link StageDecision#proceed()} or {@link StageDecision#reject}. */
    StageDecision process(StageRequest request) throws Exception;
}
