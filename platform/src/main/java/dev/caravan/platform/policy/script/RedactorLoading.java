package dev.caravan.platform.policy.script;

import dev.caravan.platform.policy.script.ScriptReloader.ScriptLoadException;

/** Makes a {@code redactors/} file into its {@link RedactorScript}: it must register {@code redact { text -> ... }}. */
final class RedactorLoading {

    private RedactorLoading() {}

    static RedactorScript load(ScriptInstantiator instantiator, ScriptFile file) {
        Class<?> type = instantiator.compile(file);
        if (!RedactorScript.class.isAssignableFrom(type)) {
            throw new ScriptLoadException("the file declares " + type.getSimpleName() + "; a redactor is a script: redact { text -> ... }");
        }
        RedactorScript script = (RedactorScript) instantiator.body(type, file);
        if (script.redactHandler() == null) {
            throw new ScriptLoadException("the script registers no redact { text -> ... }");
        }
        try {
            // Links the handler's call sites now, within the load limit, not within the first
            // real call's time limit. The result is discarded; a failure here is not an error.
            instantiator.runInSandbox(() -> ScriptRedactor.apply(script, "Caravan warm-up text TCK-1 a@b.c"));
        } catch (ScriptLoadException e) {
            org.slf4j.LoggerFactory.getLogger(RedactorLoading.class).debug("redactor warm-up call of {}: {}", file.id(), e.getMessage());
        }
        return script;
    }
}
