package dev.caravan.platform.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class EndpointNamesTest {

    private final EndpointNames names = new EndpointNames(() -> List.of("/v1/receipts", "admin/v1/budgets",
            "/admin/v1/budgets/{name}", "/admin/v1/budgets/{name}/topup", "/admin/v1/logs/{trace_id}"));

    @Test
    void should_tag_with_the_rest_path_when_the_path_fills_its_parameters() {
        assertEquals("/admin/v1/budgets/{name}", names.of("/admin/v1/budgets/alice-daily"));
        assertEquals("/admin/v1/budgets/{name}/topup", names.of("/admin/v1/budgets/alice-daily/topup"));
        assertEquals("/admin/v1/logs/{trace_id}", names.of("/admin/v1/logs/01a2151c53e5d969"));
    }

    @Test
    void should_tag_with_the_prefix_route_when_no_rest_path_fits() {
        assertEquals("/v1/receipts", names.of("/v1/receipts/abc123"));
        assertEquals("/admin/v1/budgets", names.of("/admin/v1/budgets"));
    }

    @Test
    void should_tag_other_when_a_template_segment_is_empty_or_the_path_is_unknown() {
        assertEquals(EndpointNames.OTHER, names.of("/admin/v1/logs/"));
        assertEquals(EndpointNames.OTHER, names.of("/nothing"));
    }
}
