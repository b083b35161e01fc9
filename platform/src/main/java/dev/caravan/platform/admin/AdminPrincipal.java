package dev.caravan.platform.admin;

/**
 * Who calls the admin API: a name (for the audit log), a role ({@code admin}, {@code finance},
 * {@code auditor}, {@code tenant-admin}) and, for {@code tenant-admin}, its tenant (else null).
 */
public record AdminPrincipal(String name, String role, String tenant) {

    public static final String ADMIN = "admin";
}
