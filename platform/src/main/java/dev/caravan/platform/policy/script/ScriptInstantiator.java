package dev.caravan.platform.policy.script;

import dev.caravan.api.policy.RequestPolicy;
import dev.caravan.platform.config.PoliciesConfig;
import dev.caravan.platform.policy.script.ScriptReloader.ScriptLoadException;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;

/**
 * Makes a script file into what runs: compiles it in the sandbox (or reuses the class compiled for
 * the same source) and runs its body on the {@link ScriptRunner}, within the load limit. A policy
 * becomes a {@link TimedScriptPolicy}; a guardrail stays its {@link GuardrailScript}, which
 * {@link ScriptGuardCheck} calls per request.
 */
final class ScriptInstantiator implements ScriptReloader.Loader {

    private static final Duration LOAD_LIMIT = Duration.ofSeconds(2);

    private final ScriptCompiler compiler;
    private final ScriptRunner runner;
    private final PoliciesConfig.OnError onError;
    /** Limit for running a script's body at load: it only registers handlers, but a cold JVM runs it slowly. */
    private final Duration loadLimit;
    private final PolicyFolder folder;
    private boolean warm; // only the reload thread loads
    /** What budget scripts read; null when the gateway lends none (they then fail on use). */
    private ScriptSpend spend;

    ScriptInstantiator(ScriptCompiler compiler, ScriptRunner runner, PoliciesConfig config, PolicyFolder folder) {
        this.compiler = compiler;
        this.runner = runner;
        this.onError = config.onError();
        this.loadLimit = config.timeout().compareTo(LOAD_LIMIT) > 0 ? config.timeout() : LOAD_LIMIT;
        this.folder = folder;
    }

    ScriptInstantiator withSpend(ScriptSpend spend) {
        this.spend = spend;
        return this;
    }

    @Override
    public Object load(ScriptFile file) {
        if (!warm) {
            // Only once there is a script: a gateway without scripts never loads Groovy at all.
            ScriptWarmUp.run(this, runner, folder.dir(), loadLimit);
            warm = true;
        }
        return switch (file.kind()) {
            case POLICY, BUDGET -> new TimedScriptPolicy(file.id(), quarantineKey(file.id(), ScriptStatus.shortHash(file.hash())), policy(file), runner, onError);
            case GUARDRAIL -> guardrail(file);
            case STAGE -> stage(file);
            case REDACTOR -> RedactorLoading.load(this, file);
            case PROVIDER -> ProviderLoading.load(this, file);
        };
    }

    /** The runner's quarantine key of one version of a script, as the status listing can rebuild it. */
    static String quarantineKey(String id, String version) {
        return id + "@" + version;
    }

    /** Compiles (or reuses) the class and makes the policy; script code runs on the runner, within the time limit. */
    RequestPolicy policy(ScriptFile file) {
        Class<?> type = compiler.compile(file.kind(), file.hash(), file.text());
        if (RequestPolicy.class.isAssignableFrom(type)) {
            return (RequestPolicy) runInSandbox(() -> type.getDeclaredConstructor().newInstance());
        }
        if (!PolicyScript.class.isAssignableFrom(type)) {
            throw new ScriptLoadException("the file declares " + type.getSimpleName()
                    + ", which does not implement RequestPolicy; write a script (beforeRequest { ... }) or such a class");
        }
        PolicyScript script = (PolicyScript) body(type, file);
        if (script.beforeHandler() == null && script.afterHandler() == null) {
            throw new ScriptLoadException("the script registers neither beforeRequest { } nor afterResponse { }");
        }
        return new DslPolicy(file.id(), script);
    }

    GuardrailScript guardrail(ScriptFile file) {
        Class<?> type = compiler.compile(file.kind(), file.hash(), file.text());
        if (!GuardrailScript.class.isAssignableFrom(type)) {
            throw new ScriptLoadException("the file declares " + type.getSimpleName() + "; a guardrail is a script: check { input -> ... }");
        }
        GuardrailScript script = (GuardrailScript) body(type, file);
        if (script.checkHandler() == null) {
            throw new ScriptLoadException("the script registers no check { input -> ... }");
        }
        ScriptWarmUp.check(script, runner, loadLimit);
        return script;
    }

    StageScript stage(ScriptFile file) {
        Class<?> type = compiler.compile(file.kind(), file.hash(), file.text());
        if (!StageScript.class.isAssignableFrom(type)) {
            throw new ScriptLoadException("the file declares " + type.getSimpleName() + "; a stage is a script: process { request -> ... }");
        }
        StageScript script = (StageScript) body(type, file);
        if (script.handler() == null) {
            throw new ScriptLoadException("the script registers no process { request -> ... }");
        }
        ScriptStages.warmUp(script, runner, loadLimit);
        return script;
    }

    /** The file's class, compiled in the sandbox (or reused for the same source). */
    Class<?> compile(ScriptFile file) {
        return compiler.compile(file.kind(), file.hash(), file.text());
    }

    /** A new instance of the script class, bound to the file's id, its body run (which registers the handlers). */
    SandboxedScript body(Class<?> type, ScriptFile file) {
        return (SandboxedScript) runInSandbox(() -> {
            SandboxedScript instance = (SandboxedScript) type.getDeclaredConstructor().newInstance();
            instance.bind(file.id());
            if (instance instanceof BudgetScript budget) {
                budget.bindSpend(spend);
            }
            instance.run();
            if (instance instanceof PolicyScript policy) {
                CapturedState.freeze(policy.beforeHandler(), policy.afterHandler());
            } else if (instance instanceof GuardrailScript guardrail) {
                CapturedState.freeze(guardrail.checkHandler(), guardrail.maskHandler());
            } else if (instance instanceof StageScript stage) {
                CapturedState.freeze(stage.handler());
            } else if (instance instanceof RedactorScript redactor) {
                CapturedState.freeze(redactor.redactHandler());
            } else if (instance instanceof ProviderScript provider) {
                CapturedState.freeze(provider.prepareHandler(), provider.responseHandler(), provider.streamEventHandler(), provider.errorHandler());
            }
            return instance;
        });
    }

    Object runInSandbox(Callable<Object> task) {
        try {
            // Bounded wait: if every worker is stuck the task may never start, and an unbounded get()
            // would park the reload thread, so new, changed and removed files would stop taking effect.
            return runner.call(task, loadLimit).get(loadLimit.toMillis() * 2, java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new ScriptLoadException("the script body did not start within " + loadLimit.toMillis() * 2
                    + " ms: all script threads are busy");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof java.lang.reflect.InvocationTargetException ite ? ite.getCause() : e.getCause();
            throw new ScriptLoadException(cause instanceof ScriptRunner.ScriptTimeoutException
                    ? "the script body " + cause.getMessage()
                    : cause instanceof ScriptLoadException load ? load.getMessage()
                    : "the script body failed: " + ScriptErrors.describe(cause));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ScriptLoadException("interrupted while loading");
        }
    }
}
