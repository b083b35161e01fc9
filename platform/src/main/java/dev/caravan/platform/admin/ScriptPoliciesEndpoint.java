package dev.caravan.platform.admin;

import dev.caravan.platform.policy.script.ScriptPolicySource;
import dev.caravan.platform.policy.script.ScriptStatus;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.caravan.platform.exchange.HttpResponses;
import dev.caravan.platform.exchange.RequestState;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Stage {@code listPolicies}: {@code GET /admin/v1/policies} lists the scripts of the policies
 * folder, policies and guardrails, with their status (docs/policies.md). Admin only: place it after {@code adminAuthenticate}. Reads the
 * source's in-memory snapshot, so it never waits.
 */
public final class ScriptPoliciesEndpoint implements Processor {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .serializationInclusion(JsonInclude.Include.ALWAYS)
            .build();

    private final ScriptPolicySource source;

    public ScriptPoliciesEndpoint(ScriptPolicySource source) {
        this.source = source;
    }

    record PolicyList(String object, List<ScriptStatus> data) {}

    @Override
    public void process(Exchange exchange) throws Exception {
        if (RequestState.of(exchange).adminActor() == null) {
            // A route that forgot the gate must not show the policies.
            throw new IllegalStateException("listPolicies must follow the adminAuthenticate stage");
        }
        HttpResponses.json(exchange, 200, JSON.writeValueAsBytes(new PolicyList("list", source.statuses())));
    }
}
