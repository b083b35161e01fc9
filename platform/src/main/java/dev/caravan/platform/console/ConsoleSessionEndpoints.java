package dev.caravan.platform.console;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caravan.platform.admin.AdminPrincipal;
import dev.caravan.platform.exchange.GatewayException;
import dev.caravan.platform.exchange.RequestState;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * The console's session stages: {@code consoleSignIn} (after {@code adminAuthenticate}: the admin
 * token typed into the sign-in form becomes a session cookie), {@code consoleWhoAmI} (who the
 * cookie stands for, 401 without one) and {@code consoleSignOut}.
 */
public final class ConsoleSessionEndpoints {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ConsoleSessions sessions;
    private final boolean oidc;

    public ConsoleSessionEndpoints(ConsoleSessions sessions, boolean oidc) {
        this.sessions = sessions;
        this.oidc = oidc;
    }

    public Processor signIn() {
        return exchange -> {
            String actor = RequestState.of(exchange).adminActor();
            if (actor == null) {
                throw new IllegalStateException("consoleSignIn must follow the adminAuthenticate stage");
            }
            AdminPrincipal principal = new AdminPrincipal(actor, AdminPrincipal.ADMIN, null);
            String id = sessions.start(principal, "token");
            ConsoleResponses.json(exchange, 200, body(principal, "token"),
                    Map.of("set-cookie", ConsoleCookies.set(id, sessions.ttl(), ConsoleCookies.secure(exchange))));
        };
    }

    public Processor whoAmI() {
        return exchange -> {
            ConsoleSession session = sessions.find(ConsoleCookies.sessionId(exchange)).orElse(null);
            if (session == null) {
                Map<String, Object> error = new LinkedHashMap<>();
                error.put("message", "Not signed in to the console.");
                error.put("type", "invalid_request_error");
                error.put("code", "console_signed_out");
                ConsoleResponses.json(exchange, 401, JSON.writeValueAsString(Map.of("error", error, "oidc", oidc)), Map.of());
                return;
            }
            ConsoleResponses.json(exchange, 200, body(session.principal(), session.method()), Map.of());
        };
    }

    public Processor signOut() {
        return exchange -> {
            if (!"1".equals(dev.caravan.platform.pipeline.IngressStage.request(exchange).headers().get(ConsoleSessionCredentials.HEADER))) {
                throw new GatewayException(400, "invalid_request_error", null, ConsoleSessionCredentials.HEADER,
                        "Sign out from the console page (header '" + ConsoleSessionCredentials.HEADER + ": 1' missing).");
            }
            sessions.end(ConsoleCookies.sessionId(exchange));
            ConsoleResponses.json(exchange, 200, "{\"signed_out\":true}", Map.of("set-cookie", ConsoleCookies.cleared()));
        };
    }

    private String body(AdminPrincipal principal, String method) throws com.fasterxml.jackson.core.JsonProcessingException {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", principal.name());
        out.put("role", principal.role());
        out.put("tenant", principal.tenant());
        out.put("method", method);
        out.put("oidc", oidc);
        return JSON.writeValueAsString(out);
    }
}
