package dev.caravan.platform.cli;

import java.net.URI;
import java.net.URISyntaxException;
import picocli.CommandLine.Option;

/**
 * {@code --url} and {@code --token} of the commands that talk to a running gateway's admin API,
 * defaulting to {@code CARAVAN_URL} (else {@code http://127.0.0.1:8080}) and {@code CARAVAN_ADMIN_TOKEN}.
 * The token is read from the environment by preference so it stays out of shell history and
 * process lists.
 */
public final class AdminApiOptions {

    @Option(names = "--url", paramLabel = "URL", defaultValue = "${env:CARAVAN_URL:-http://127.0.0.1:8080}",
            description = "The gateway's base URL (default: $CARAVAN_URL, else ${DEFAULT-VALUE}).")
    String url;

    @Option(names = "--token", paramLabel = "TOKEN", defaultValue = "${env:CARAVAN_ADMIN_TOKEN}",
            description = "Admin token (default: $CARAVAN_ADMIN_TOKEN).")
    String token;

    /** @throws CliFailure exit 2 when the URL is not an http(s) URL or no token is given */
    AdminClient client() {
        if (token == null || token.isBlank()) {
            throw new CliFailure(CaravanCli.EXIT_BAD_CONFIG, "no admin token: pass --token or set CARAVAN_ADMIN_TOKEN");
        }
        URI base;
        try {
            base = new URI(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
        } catch (URISyntaxException e) {
            throw new CliFailure(CaravanCli.EXIT_BAD_CONFIG, "--url: not a URL: " + url);
        }
        if (!"http".equals(base.getScheme()) && !"https".equals(base.getScheme()) || base.getHost() == null) {
            throw new CliFailure(CaravanCli.EXIT_BAD_CONFIG, "--url: must be an http:// or https:// URL, got '" + url + "'");
        }
        return new AdminClient(base, token);
    }
}
