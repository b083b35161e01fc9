package dev.caravan.platform.logging;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.caravan.api.RequestContext;
import java.time.Instant;

/** A finished request waiting for the log writer: references only, nothing serialized yet. */
record PendingLog(String traceId, String tenantId, String keyId, Instant receivedAt, RequestContext context,
        ObjectNode requestBody, RequestCapture capture, LoggingPolicy.TenantRules rules) {}
