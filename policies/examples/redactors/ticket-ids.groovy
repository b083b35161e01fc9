// Log redactor: internal ticket ids (TCK-1234) masked as [TICKET] in stored request logs.
//
// Enable:  cp policies/examples/redactors/ticket-ids.groovy policies/redactors/
// Name it in a tenant's (or the default) redactors, alone or after a plugin redactor:
//   tenants:
//     - { id: acme, logging: redacted, redactors: [pii, "script:ticket-ids"] }
// The stored bodies then read [TICKET] where the prompt or answer had TCK-<digits>, and the
// log's `redactions` counts them as `ticket`.

redact { text -> masked(text, /\bTCK-\d+\b/, '[TICKET]', 'ticket') }
