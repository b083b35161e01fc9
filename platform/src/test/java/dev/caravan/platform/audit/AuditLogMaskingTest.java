package dev.caravan.platform.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

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
        assertEquals(AuditLog.MASK, masked.get(0).get("api_key").asText());
        assertEquals("acme", masked.get(0).get("headers").get("x-org").asText());
    }

    @Test
    void should_keep_ids_when_names_only_start_like_secrets() {
        JsonNode masked = AuditLog.masked(Map.of("key_id", "k-1", "keys", 3));
        assertEquals("k-1", masked.get("key_id").asText());
        assertEquals(3, masked.get("keys").asInt());
    }

    @Test
    void should_keep_only_scheme_host_and_port_of_a_webhook_url() {
        JsonNode masked = AuditLog.masked(Map.of("budget_alerts", Map.of(
                "webhook", "https://alice:pw@hooks.example.com:8443/services/T0/B0/s3cr3t?token=abc#x",
                "callback_url", "http://ops.example.org/notify?sig=xyz", "queue", 1000)));
        JsonNode alerts = masked.get("budget_alerts");
        assertEquals("https://hooks.example.com:8443", alerts.get("webhook").asText());
        assertEquals("http://ops.example.org", alerts.get("callback_url").asText());
        assertEquals(1000, alerts.get("queue").asInt());
        assertFalse(masked.toString().contains("s3cr3t") || masked.toString().contains("abc") || masked.toString().contains("alice"),
                masked.toString());
    }

    @Test
    void should_mask_a_url_field_entirely_when_it_is_not_an_absolute_url() {
        JsonNode masked = AuditLog.masked(Map.of("webhook", "hooks/s3cr3t"));
        assertEquals(AuditLog.MASK, masked.get("webhook").asText());
    }

    record Settings(String adminToken, String webhookUrl) {}

    @Test
    void should_mask_camel_case_record_components_by_their_snake_case_names() {
        JsonNode masked = AuditLog.masked(new Settings("t-0004", "https://hooks.example.com/t-0005"));
        assertEquals(AuditLog.MASK, masked.get("admin_token").asText());
        assertEquals("https://hooks.example.com", masked.get("webhook_url").asText());
    }
}
