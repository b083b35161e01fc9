package dev.caravan.platform.policy.script;

import dev.caravan.api.stage.StageDecision;
import dev.caravan.api.stage.StageRequest;
import dev.caravan.platform.stage.ScriptStageSource;
import dev.caravan.platform.stage.StageCall;
import dev.caravan.platform.stage.StageFailure;
import groovy.lang.Closure;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stage scripts of the policies folder ({@code stages/<name>.groovy}) for the routes that name
 * them ({@code script:<name>}). Each call runs the version loaded at that moment on the script
 * threads ({@link ScriptRunner}), within the stage's limit: an edit applies without a restart, a
 * broken edit leaves the last good version running, and a deleted file makes the step fail
 * ({@code stage_unavailable}, or per {@code on_error}). A script's exception reaches only the log,
 * described by {@link ScriptErrors}.
 */
final class ScriptStages implements ScriptStageSource {

    private static final Logger LOG = LoggerFactory.getLogger(ScriptStages.class);

    private final PolicyFolder folder;
    private final ScriptRunner runner;
    /** The current state of a stage file by id ({@code stages/<name>}), null when there is no such file. */
    private final Function<String, ScriptReloader.Loaded> lookup;

    ScriptStages(PolicyFolder folder, ScriptRunner runner, Function<String, ScriptReloader.Loaded> lookup) {
        this.folder = folder;
        this.runner = runner;
        this.lookup = lookup;
    }

    private static String id(String name) {
        return PolicyFolder.STAGES + "/" + name;
    }

    @Override
    public String problem(String name) {
        ScriptReloader.Loaded state = lookup.apply(id(name));
        if (state == null) {
            return "no stage script '" + name + "' (expected the file " + folder.stageFile(name) + ")";
        }
        if (!(state.running() instanceof StageScript)) {
            return "the stage script " + state.file().path() + " does not load: " + state.lastError();
        }
        return null;
    }

    @Override
    public StageCall call(String name) {
        String id = id(name);
        return (request, limit) -> {
            ScriptReloader.Loaded state = lookup.apply(id);
            if (state == null || !(state.running() instanceof StageScript script)) {
                return CompletableFuture.failedFuture(new StageFailure(StageFailure.Kind.UNAVAILABLE,
                        "stage script " + folder.stageFile(name) + " is not loaded"));
            }
            String key = ScriptInstantiator.quarantineKey(id, ScriptStatus.shortHash(state.runningHash()));
            if (runner.quarantined(key)) {
                return CompletableFuture.failedFuture(new StageFailure(StageFailure.Kind.UNAVAILABLE, TimedScriptPolicy.QUARANTINED));
            }
            return runner.call(key, () -> decide(script, request), limit).handle((decision, error) -> {
                if (error == null) {
                    return decision;
                }
                Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                if (cause instanceof ScriptRunner.ScriptTimeoutException timeout) {
                    throw new StageFailure(StageFailure.Kind.TIMEOUT, timeout.getMessage());
                }
                LOG.warn("trace {}: stage script {} failed: {}", request.traceId(), id, ScriptErrors.describe(cause));
                throw new StageFailure(StageFailure.Kind.ERROR, "script error");
            });
        };
    }

    /** Runs the handler on the calling thread (a script thread); nothing returned means go on unchanged. */
    static StageDecision decide(StageScript script, StageRequest request) {
        Closure<?> handler = script.handler();
        Object result = handler.call(new ScriptStageRequest(request));
        if (result == null) {
            return StageDecision.proceed();
        }
        if (!(result instanceof StageDecision decision)) {
            throw new IllegalStateException("process returned " + result.getClass().getSimpleName()
                    + "; return proceed(..), reject(..) or nothing");
        }
        return decision;
    }

    /**
     * Calls a freshly loaded stage script once on a harmless sample, within the load limit, so its call
     * sites are linked before the first real request, which has only the stage's limit. The decision
     * is discarded; a failure here is not an error.
     */
    static void warmUp(StageScript script, ScriptRunner runner, Duration limit) {
        StageRequest sample = new StageRequest("warm-up", "/v1/chat/completions", "warm-up", "warm-up", "warm-up", "warm-up",
                null, Map.of("x-caravan-warm-up", "1"), null, Map.of());
        try {
            runner.call(() -> decide(script, sample), limit).get(limit.toMillis() * 2, java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.debug("stage script warm-up call: {}", e.toString());
        }
    }
}
