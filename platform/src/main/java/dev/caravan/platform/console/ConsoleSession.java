package dev.caravan.platform.console;

import dev.caravan.platform.admin.AdminPrincipal;
import java.time.Instant;

/** A signed-in console user: who (name, role, tenant), how ({@code token} or {@code oidc}) and until when. */
public record ConsoleSession(AdminPrincipal principal, String method, Instant expiresAt) {}
