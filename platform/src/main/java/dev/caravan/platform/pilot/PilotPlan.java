package dev.caravan.platform.pilot;

import java.util.List;
import java.util.Map;

/**
 * Steps 1–3 of a pilot and the settings of steps 4–7, from a pilot file ({@link PilotFile}) and the
 * command's flags. Holds no secret: the candidate key and the admin token are passed to
 * {@link PilotRun} separately and never written to the note.
 *
 * @param workflow     step 1: the workflow under test
 * @param current      step 2: the current route, frozen
 * @param candidate    step 3: the candidate route
 * @param calls        step 4: plain calls for the latency range
 * @param capabilityModels step 5: the model (alias) each capability test asks for, where not the candidate's alias
 * @param required     step 5: capabilities that must pass for a "go"
 * @param adminUrl     step 6: the Caravan admin API of the candidate, or null (receipt checks then do not apply)
 * @param note         step 7: what the note states besides the results
 */
public record PilotPlan(Workflow workflow, Current current, Candidate candidate, int calls, Map<String, String> capabilityModels,
        List<String> required, String adminUrl, Note note) {

    /** The capability tests, in the order they run and are reported. */
    public static final List<String> CAPABILITIES = List.of("streaming", "tool_calling", "structured_output", "responses",
            "messages", "embeddings", "images");

    public PilotPlan {
        capabilityModels = Map.copyOf(capabilityModels);
        required = List.copyOf(required);
    }

    public String modelFor(String capability) {
        return capabilityModels.getOrDefault(capability, candidate.alias());
    }

    public record Workflow(String name, String owner, String description) {
    }

    /**
     * @param averageUsage e.g. {@code 1,200 prompt and 300 completion tokens a call}
     */
    public record Current(String provider, String model, String endpoint, String requestShape, String retry, String averageUsage,
            String priceRow, String rollbackOwner) {
    }

    /**
     * @param endpointFamily   {@code chat_completions}, {@code responses}, {@code messages} …
     * @param expectedPriceRow the catalog row the candidate's calls should be priced with, e.g. {@code openai/gpt-4o-mini@2024-07-18}
     */
    public record Candidate(String baseUrl, String keyOwner, String alias, String endpointFamily, String expectedPriceRow,
            String retry) {
    }

    public record Note(String supportPath, String loggingPolicy, String quotaBehaviour, String nextWorkflow) {
    }
}
