package dev.caravan.platform.config;

import dev.caravan.platform.routing.RouteFacts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RouteConditionTest {

    private static final RouteFacts FACTS = new RouteFacts(
            Map.of("tier", "gold", "region", "eu"), "acme", "dev-key", "smart",
            Map.of("max_tokens", 2000, "temperature", 0.2, "stream", true, "user", "u-1"));

    private static boolean holds(String condition) {
        return RouteCondition.compile(condition).matches(FACTS.variables());
    }

    // --- what a condition sees ---

    @Test
    void should_match_when_metadata_field_equals_value() {
        assertTrue(holds("metadata.tier == 'gold'"));
    }

    @Test
    void should_not_match_when_metadata_field_differs() {
        assertFalse(holds("metadata.tier == 'silver'"));
    }

    @Test
    void should_match_when_tenant_equals_value() {
        assertTrue(holds("tenant == 'acme'"));
    }

    @Test
    void should_match_when_key_differs_from_value() {
        assertTrue(holds("key != 'ci-key'"));
    }

    @Test
    void should_match_when_model_is_in_list() {
        assertTrue(holds("model =~ ['smart', 'fast']"));
    }

    @Test
    void should_compare_numbers_when_param_is_numeric() {
        assertTrue(holds("params.max_tokens > 1000 && params.temperature < 0.5"));
    }

    @Test
    void should_match_when_boolean_param_is_true() {
        assertTrue(holds("params.stream"));
    }

    @Test
    void should_match_when_string_starts_with_prefix() {
        assertTrue(holds("params.user =^ 'u-'"));
    }

    @Test
    void should_need_both_sides_when_joined_with_and() {
        assertFalse(holds("metadata.tier == 'gold' && tenant == 'globex'"));
    }

    @Test
    void should_need_either_side_when_joined_with_or() {
        assertTrue(holds("metadata.tier == 'silver' || metadata.region == 'eu'"));
    }

    @Test
    void should_match_when_negated_condition_is_false() {
        assertTrue(holds("!(tenant == 'globex')"));
    }

    @Test
    void should_count_entries_when_size_is_used() {
        assertTrue(holds("size(metadata) == 2 && !empty(metadata.region)"));
    }

    // --- what never throws ---

    @Test
    void should_not_match_when_metadata_field_is_missing() {
        assertFalse(holds("metadata.plan == 'pro'"));
    }

    @Test
    void should_not_match_when_missing_field_is_dereferenced() {
        assertFalse(holds("metadata.plan.level == 'pro'"));
    }

    @Test
    void should_not_match_when_missing_param_is_compared() {
        assertFalse(holds("params.top_p > 0.5"));
    }

    @Test
    void should_not_match_when_tenant_is_null() {
        RouteFacts noTenant = new RouteFacts(Map.of(), null, "k", "m", Map.of());

        assertFalse(RouteCondition.compile("tenant == 'acme'").matches(noTenant.variables()));
    }

    @Test
    void should_not_match_when_result_is_not_a_boolean() {
        assertFalse(holds("metadata.tier"));
    }

    @Test
    void should_not_match_when_evaluation_divides_by_zero() {
        assertFalse(holds("params.max_tokens / 0 > 1"));
    }

    // --- no Java: method calls, classes and statements are refused at config load ---

    @Test
    void should_refuse_method_call_when_it_reaches_get_class() {
        assertEquals("invalid condition '''.getClass() != null': method call error in '.getClass(...)'",
                RouteCondition.check("''.getClass() != null"));
    }

    @Test
    void should_refuse_method_call_when_it_is_on_a_string() {
        assertEquals("invalid condition 'metadata.tier.toUpperCase() == 'GOLD'': method call error in '.toUpperCase(...)'",
                RouteCondition.check("metadata.tier.toUpperCase() == 'GOLD'"));
    }

    @Test
    void should_refuse_new_when_it_creates_a_file() {
        assertEquals("invalid condition 'new('java.io.File', 'x') != null': create instance error in 'new(..., ...)'",
                RouteCondition.check("new('java.io.File', 'x') != null"));
    }

    @Test
    void should_refuse_loop_when_condition_would_never_end() {
        assertEquals("invalid condition 'while (true) {}': loop error in 'while (...) ...'", RouteCondition.check("while (true) {}"));
    }

    @Test
    void should_refuse_assignment_when_condition_has_side_effects() {
        assertEquals("invalid condition 'tenant = 'acme'': global assign/modify error in 'tenant'", RouteCondition.check("tenant = 'acme'"));
    }

    @Test
    void should_refuse_lambda_when_condition_defines_a_function() {
        assertEquals("invalid condition 'function() { true }': function error in 'function() { true }'",
                RouteCondition.check("function() { true }"));
    }

    @Test
    void should_not_reach_class_members_when_class_is_read_as_a_property() {
        assertFalse(holds("''.class.name == 'java.lang.String'"));
    }

    // --- check() ---

    @Test
    void should_accept_condition_when_it_is_valid() {
        assertNull(RouteCondition.check("metadata.tier == 'gold' && params.max_tokens <= 4096"));
    }

    @Test
    void should_name_the_problem_when_expression_is_incomplete() {
        assertEquals("invalid condition 'metadata.tier ==': parsing error in '=='", RouteCondition.check("metadata.tier =="));
    }

    @Test
    void should_name_the_problem_when_parenthesis_is_unclosed() {
        assertEquals("invalid condition '(tenant == 'a'': parsing error in '('", RouteCondition.check("(tenant == 'a'"));
    }

    @Test
    void should_name_the_problem_when_two_terms_are_not_joined() {
        assertEquals("invalid condition 'tenant key': ambiguous statement error in 'tenant key'", RouteCondition.check("tenant key"));
    }

    @Test
    void should_keep_source_when_compiled() {
        assertEquals("tenant == 'acme'", RouteCondition.compile("tenant == 'acme'").source());
    }
}
