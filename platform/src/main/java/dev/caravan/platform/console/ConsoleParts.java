package dev.caravan.platform.console;

import dev.caravan.platform.config.ConsoleConfig;
import dev.caravan.platform.exchange.GatewayException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.Processor;

/** The console's stages, built once from {@code console:}; the gateway adds them to its beans. */
public final class ConsoleParts {

    private final ConsoleSessions sessions;
    private final Map<String, Processor> beans = new LinkedHashMap<>();

    public ConsoleParts(ConsoleConfig config, Clock clock) {
        this.sessions = new ConsoleSessions(config.sessionTtl(), config.maxSessions(), clock);
        ConsoleSessionEndpoints endpoints = new ConsoleSessionEndpoints(sessions, config.oidc().isPresent());
        beans.put("consoleAssets", new ConsoleAssets());
        beans.put("consoleSignIn", endpoints.signIn());
        beans.put("consoleWhoAmI", endpoints.whoAmI());
        beans.put("consoleSignOut", endpoints.signOut());
        if (config.oidc().isPresent()) {
            OidcSignIn oidc = new OidcSignIn(config.oidc().get(), sessions, clock);
            beans.put("oidcStart", oidc.start());
            beans.put("oidcCallback", oidc.callback());
        } else {
            Processor off = exchange -> {
                throw new GatewayException(404, "invalid_request_error", "oidc_disabled", null,
                        "OpenID Connect sign-in is not configured (console.oidc).");
            };
            beans.put("oidcStart", off);
            beans.put("oidcCallback", off);
        }
    }

    public ConsoleSessionCredentials credentials() {
        return new ConsoleSessionCredentials(sessions);
    }

    public Map<String, Processor> beans() {
        return beans;
    }
}
