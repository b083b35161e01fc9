package dev.caravan.platform.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.caravan.api.Secret;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuditLogMaskingTest {

    record Provider(String id, Secret apiKey, Map<String, String> headers) {}

    @Test
    void should_mask_credential_fields_when_a_state_is_recorded() {
        JsonNode masked = AuditLog.masked(Map.of("name", "dev", "key", "sk-live-0001", "admin_token", "t-0002",
                "nested", Map.of("password", "p", "budget_usd", 5)));
        assertEquals("dev", masked.get("name").asText());
        assertEquals(AuditLog.MASK, masked.get("key").asText());
        assertEquals(AuditLog.MASK, masked.get("admin_token").asText());
        assertEquals(AuditLog.MASK, masked.get("nested").get("password").asText());
        assertEquals(5, masked.get("nested").get("budget_usd").asInt());
    }

    @Test
    void should_mask_secret_values_whatever_their_field_name() {
        JsonNode masked = AuditLog.masked(List.of(new Provider("openai", Secret.of("sk-upstream-0003"), Map.of("x-org", "acme"))));
        assertEquals(AuditLog.MASK, masked.get(0).get("apiKey").asText());
        assertEquals("acme", masked.get(0).get("headers").get("x-org").asText());
    }

    @Test
    void should_keep_ids_when_names_only_start_like_secrets() {
        JsonNode masked = AuditLog.masked(Map.of("key_id", "k-1", "keys", 3));
        assertEquals("k-1", masked.get("key_id").asText());
        assertEquals(3, masked.get("keys").asInt());
    }
}
