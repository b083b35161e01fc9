package dev.caravan.platform.policy.script;

import dev.caravan.platform.policy.script.ScriptReloader.ScriptLoadException;

/** Makes a {@code providers/} file into its {@link ProviderScript}: it must register {@code prepare} and {@code response}. */
final class ProviderLoading {

    private ProviderLoading() {}

    static ProviderScript load(ScriptInstantiator instantiator, ScriptFile file) {
        Class<?> type = instantiator.compile(file);
        if (!ProviderScript.class.isAssignableFrom(type)) {
            throw new ScriptLoadException("the file declares " + type.getSimpleName() + "; a provider is a script: prepare { call -> ... }");
        }
        ProviderScript script = (ProviderScript) instantiator.body(type, file);
        if (script.prepareHandler() == null || script.responseHandler() == null) {
            throw new ScriptLoadException("the script must register prepare { call -> ... } and response { body, call -> ... }");
        }
        return script;
    }
}
