package dev.caravan.platform.admin;

import java.util.Optional;
import org.apache.camel.Exchange;

/**
 * A way to prove who calls the admin API other than the bearer token, e.g. a console session
 * cookie. {@link AdminAuthenticateStage} asks each source in order before it looks at
 * {@code Authorization}; the first principal found wins.
 *
 * <p>Called on the pipeline thread for every admin call: it must not block (an in-memory look-up).
 * Return empty when the request carries nothing this source knows; throw a
 * {@link dev.caravan.platform.exchange.GatewayException} (401) when it carries a credential of
 * this source that is no longer good.
 */
public interface AdminCredentialSource {

    Optional<AdminPrincipal> authenticate(Exchange exchange);
}
