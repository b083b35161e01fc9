package dev.caravan.testkit;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.caravan.api.ApiFamily;
import dev.caravan.api.ProviderSettings;
import dev.caravan.api.Usage;
import dev.caravan.api.provider.ProviderCall;
import dev.caravan.api.provider.ProviderCapabilities;
import dev.caravan.api.provider.ProviderError;
import dev.caravan.api.provider.ProviderFactory;
import dev.caravan.api.provider.ProviderResponse;
import dev.caravan.api.provider.ProviderTranslator;
import dev.caravan.api.provider.SseEvent;
import dev.caravan.api.provider.StreamTranslator;
import dev.caravan.api.provider.UpstreamRequest;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/** The contract test catches the plugins it is there to catch. */
class ProviderContractTestTest {

    /** A plugin that breaks the contract in the ways the flags say. */
    private record Plugin(boolean echoesKey, boolean alwaysClean, boolean claimsNoStreaming) implements ProviderFactory {
        @Override public String id() {
            return "faulty";
        }

        @Override public ProviderTranslator configure(ProviderSettings provider) {
            String key = provider.apiKey().reveal();
            return new ProviderTranslator() {
                @Override public ProviderCapabilities capabilities() {
                    return new ProviderCapabilities(Set.of(ApiFamily.CHAT_COMPLETIONS), !claimsNoStreaming, true, true);
                }
                @Override public UpstreamRequest prepare(ProviderCall call) {
                    return UpstreamRequest.postJson(URI.create("https://upstream.test/v1/chat"), Map.of(), call.body().toString().getBytes(StandardCharsets.UTF_8));
                }
                @Override public ProviderResponse translateResponse(ProviderCall call, byte[] body) {
                    return new ProviderResponse(body, Usage.NONE);
                }
                @Override public StreamTranslator openStream(ProviderCall call) {
                    return new StreamTranslator() {
                        private boolean done;
                        @Override public List<SseEvent> onEvent(SseEvent e) {
                            done |= "[DONE]".equals(e.data());
                            return List.of(e);
                        }
                        @Override public List<SseEvent> onComplete() { return List.of(); }
                        @Override public boolean endedCleanly() { return alwaysClean || done; }
                        @Override public Usage usage() { return Usage.NONE; }
                    };
                }
                @Override public ProviderError translateError(ProviderCall call, int status, byte[] body) {
                    return new ProviderError(status, "api_error", null, null, echoesKey ? "bad key " + key : "upstream returned " + status, null);
                }
            };
        }
    }

    private static ProviderContractTest contract(Plugin plugin) {
        return new ProviderContractTest() {
            @Override protected ProviderFactory factory() {
                return plugin;
            }
            @Override protected String completeStream() {
                return "data: {\"choices\":[]}\n\ndata: [DONE]\n\n";
            }
        };
    }

    @Test
    void should_pass_a_plugin_that_keeps_the_contract() {
        ProviderContractTest contract = contract(new Plugin(false, false, false));

        assertDoesNotThrow(() -> contract.should_never_echo_the_key_when_an_upstream_error_quotes_it(401));
        assertDoesNotThrow(contract::should_not_report_a_clean_end_when_the_stream_stops_before_its_last_event);
        assertDoesNotThrow(contract::should_honour_the_streaming_capability_when_preparing_a_stream);
    }

    @Test
    void should_fail_a_plugin_when_it_echoes_the_key_in_an_error() {
        ProviderContractTest contract = contract(new Plugin(true, false, false));

        assertThrows(AssertionFailedError.class, () -> contract.should_never_echo_the_key_when_an_upstream_error_quotes_it(401));
    }

    @Test
    void should_fail_a_plugin_when_it_reports_a_clean_end_of_a_cut_stream() {
        ProviderContractTest contract = contract(new Plugin(false, true, false));

        assertThrows(AssertionFailedError.class, contract::should_not_report_a_clean_end_when_the_stream_stops_before_its_last_event);
    }

    @Test
    void should_fail_a_plugin_when_it_prepares_a_stream_its_capabilities_deny() {
        ProviderContractTest contract = contract(new Plugin(false, false, true));

        assertThrows(AssertionFailedError.class, contract::should_honour_the_streaming_capability_when_preparing_a_stream);
    }
}
