package dev.caravan.platform.console;

import dev.caravan.platform.admin.AdminCredentialSource;
import dev.caravan.platform.admin.AdminPrincipal;
import dev.caravan.platform.exchange.GatewayException;
import dev.caravan.platform.pipeline.IngressStage;
import java.util.Optional;
import org.apache.camel.Exchange;

/**
 * Console sessions as admin credentials: a call carrying the session cookie and the header
 * {@code x-caravan-console: 1} acts as the session's user. The header is what the console's own
 * scripts send; a page of another site cannot add it without a CORS preflight, so together with
 * SameSite=Strict a forged cross-site request is not taken for the user.
 */
public final class ConsoleSessionCredentials implements AdminCredentialSource {

    public static final String HEADER = "x-caravan-console";

    private final ConsoleSessions sessions;

    public ConsoleSessionCredentials(ConsoleSessions sessions) {
        this.sessions = sessions;
    }

    @Override
    public Optional<AdminPrincipal> authenticate(Exchange exchange) {
        String id = ConsoleCookies.sessionId(exchange);
        if (id == null || !"1".equals(IngressStage.request(exchange).headers().get(HEADER))) {
            return Optional.empty();
        }
        return Optional.of(sessions.find(id).orElseThrow(() -> new GatewayException(401, "invalid_request_error",
                "console_session_expired", null, "Your console session has ended. Sign in again.")).principal());
    }
}
