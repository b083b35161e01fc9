package dev.caravan.api.provider;

import dev.caravan.api.ProviderSettings;
import org.pf4j.ExtensionPoint;

/**
 * A kind of provider (one upstream wire format). A factory, as {@code Guardrail} is: the platform
 * calls {@link #configure} once per configured provider ({@code providers[]} naming this
 * {@link #id()}) at start-up and on reload, and the {@link ProviderTranslator} it returns for every
 * call to that provider. Options are bound there, once ({@link ProviderOptions#bind}), never per
 * request.
 *
 * <p>Lifecycle: PF4J creates one instance per plugin (public no-argument constructor,
 * {@code @Extension}); {@link #configure} may be called from any platform thread, never
 * concurrently for one provider.
 *
 * <p>Errors: a bad option is an {@link OptionsException} (or an {@link IllegalArgumentException}
 * whose message starts with the option's name); the platform reports it as
 * {@code providers[i].options.<option>: <problem>} and refuses to start.
 *
 * <p>This replaces {@link ProviderAdapter} (plugin-api 0.1.3); the platform still loads old-style
 * adapters.
 */
public interface ProviderFactory extends ExtensionPoint {

    /** The id operators write in {@code providers[].plugin}, e.g. {@code openai}. */
    String id();

    /**
     * Binds {@code provider}'s options and returns the translator of that provider. Must not do
     * I/O: the platform transports.
     *
     * @throws OptionsException naming the option that is wrong
     */
    ProviderTranslator configure(ProviderSettings provider);
}
