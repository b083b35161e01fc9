package dev.caravan.platform.pipeline;

import dev.caravan.platform.exchange.GatewayException;
import dev.caravan.platform.exchange.RequestState;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caravan.api.ApiFamily;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Stages {@code parseResponses}, {@code parseEmbeddings}, {@code parseImages}: the family they record and the 400s naming the field. */
class FamilyRequestStagesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final StageExchanges exchanges = new StageExchanges();

    @AfterEach
    void release() {
        exchanges.close();
    }

    private RequestState parse(Processor stage, String body) throws Exception {
        Exchange exchange = exchanges.afterIngress(body);
        stage.process(exchange);
        return RequestState.of(exchange);
    }

    private String rejectedParam(Processor stage, String body) {
        Exchange exchange = exchanges.afterIngress(body);
        GatewayException e = assertThrows(GatewayException.class, () -> stage.process(exchange));
        assertEquals(400, e.status());
        return e.param();
    }

    @Test
    void should_record_the_responses_family_and_whether_it_streams() throws Exception {
        RequestState state = parse(new ResponsesRequestStage(JSON), "{\"model\":\"fast\",\"input\":\"hi\",\"stream\":true}");

        assertEquals(ApiFamily.RESPONSES, state.family());
        assertTrue(state.stream());
    }

    @Test
    void should_refuse_a_responses_input_that_is_neither_a_string_nor_items() {
        assertEquals("input", rejectedParam(new ResponsesRequestStage(JSON), "{\"model\":\"fast\",\"input\":42}"));
        assertEquals("input[0]", rejectedParam(new ResponsesRequestStage(JSON), "{\"model\":\"fast\",\"input\":[\"hi\"]}"));
    }

    @Test
    void should_record_the_embeddings_family_for_token_array_input() throws Exception {
        RequestState state = parse(new EmbeddingsRequestStage(JSON), "{\"model\":\"e\",\"input\":[[1,2,3],[4]]}");

        assertEquals(ApiFamily.EMBEDDINGS, state.family());
    }

    @Test
    void should_refuse_an_unknown_embeddings_encoding_format() {
        assertEquals("encoding_format", rejectedParam(new EmbeddingsRequestStage(JSON),
                "{\"model\":\"e\",\"input\":\"x\",\"encoding_format\":\"int8\"}"));
    }

    @Test
    void should_require_an_image_prompt_and_refuse_streaming() throws Exception {
        assertEquals("prompt", rejectedParam(new ImagesRequestStage(JSON), "{\"model\":\"img\"}"));
        assertEquals("stream", rejectedParam(new ImagesRequestStage(JSON), "{\"model\":\"img\",\"prompt\":\"a cat\",\"stream\":true}"));
        assertEquals(ApiFamily.IMAGES, parse(new ImagesRequestStage(JSON), "{\"model\":\"img\",\"prompt\":\"a cat\",\"n\":2}").family());
    }
}
