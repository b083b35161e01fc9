package dev.caravan.mock;

import static dev.caravan.mock.Http.json;
import static dev.caravan.mock.Http.postTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code POST /v1/embeddings} and {@code POST /v1/images/generations}, over real HTTP. */
class EmbeddingsAndImagesTest {
  static MockUpstream mock;

  @BeforeAll
  static void start() {
    mock = MockUpstream.start(MockOptions.defaults());
  }

  @AfterAll
  static void stop() {
    mock.close();
  }

  @Test
  void should_answer_one_vector_per_input_when_input_is_an_array() {
    JsonNode body = json(postTo(mock, "/v1/embeddings",
        "{\"model\":\"text-embedding-3-small\",\"input\":[\"a\",\"b\",\"a\"]}").body());

    assertEquals("list", body.get("object").asText());
    assertEquals(3, body.get("data").size());
    assertEquals("embedding", body.at("/data/0/object").asText());
    assertEquals(2, body.at("/data/2/index").asInt());
    assertEquals(1536, body.at("/data/0/embedding").size());
    assertEquals(body.at("/data/0/embedding"), body.at("/data/2/embedding"), "same input, same vector");
    assertNotEquals(body.at("/data/0/embedding"), body.at("/data/1/embedding"));
    assertEquals("text-embedding-3-small", body.get("model").asText());
    assertEquals(12, body.at("/usage/prompt_tokens").asInt());
    assertEquals(12, body.at("/usage/total_tokens").asInt());
  }

  @Test
  void should_answer_vectors_of_the_requested_dimensions_when_dimensions_is_set() {
    JsonNode body = json(postTo(mock, "/v1/embeddings",
        "{\"model\":\"text-embedding-3-large\",\"input\":\"hello\",\"dimensions\":4}").body());

    assertEquals(1, body.get("data").size());
    assertEquals(4, body.at("/data/0/embedding").size());
  }

  @Test
  void should_encode_little_endian_float32_when_encoding_format_is_base64() {
    JsonNode floats = json(postTo(mock, "/v1/embeddings",
        "{\"model\":\"m\",\"input\":\"hello\",\"dimensions\":3}").body()).at("/data/0/embedding");
    String base64 = json(postTo(mock, "/v1/embeddings",
        "{\"model\":\"m\",\"input\":\"hello\",\"dimensions\":3,\"encoding_format\":\"base64\"}").body())
        .at("/data/0/embedding").asText();

    ByteBuffer bytes = ByteBuffer.wrap(Base64.getDecoder().decode(base64)).order(ByteOrder.LITTLE_ENDIAN);
    assertEquals(12, bytes.remaining());
    for (int i = 0; i < 3; i++) {
      assertEquals(floats.get(i).floatValue(), bytes.getFloat(), 0f);
    }
  }

  @Test
  void should_answer_400_naming_input_when_it_is_missing_or_mixed() {
    HttpResponse<String> missing = postTo(mock, "/v1/embeddings", "{\"model\":\"m\"}");
    HttpResponse<String> mixed = postTo(mock, "/v1/embeddings", "{\"model\":\"m\",\"input\":[\"a\",1]}");

    assertEquals(400, missing.statusCode());
    assertEquals("input", json(missing.body()).at("/error/param").asText());
    assertEquals(400, mixed.statusCode());
    assertEquals("input", json(mixed.body()).at("/error/param").asText());
  }

  @Test
  void should_answer_400_naming_dimensions_when_it_is_not_positive() {
    HttpResponse<String> response = postTo(mock, "/v1/embeddings", "{\"model\":\"m\",\"input\":\"x\",\"dimensions\":0}");

    assertEquals(400, response.statusCode());
    assertEquals("dimensions", json(response.body()).at("/error/param").asText());
  }

  @Test
  void should_answer_n_decodable_png_images_as_b64_json_when_asked() throws IOException {
    JsonNode body = json(postTo(mock, "/v1/images/generations",
        "{\"model\":\"dall-e-3\",\"prompt\":\"a caravan\",\"n\":2,\"response_format\":\"b64_json\"}").body());

    assertEquals(2, body.get("data").size());
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(
        Base64.getDecoder().decode(body.at("/data/1/b64_json").asText())));
    assertEquals(1, image.getWidth());
    assertEquals("a caravan", body.at("/data/0/revised_prompt").asText());
    assertFalse(body.has("usage"), "DALL·E answers carry no usage");
  }

  @Test
  void should_answer_a_url_serving_the_png_when_the_format_is_url() throws IOException {
    JsonNode body = json(postTo(mock, "/v1/images/generations", "{\"prompt\":\"a caravan\"}").body());

    String url = body.at("/data/0/url").asText();
    HttpResponse<byte[]> image = sendForBytes(url);
    assertEquals(200, image.statusCode());
    assertEquals("image/png", image.headers().firstValue("content-type").orElseThrow());
    assertEquals(1, ImageIO.read(new ByteArrayInputStream(image.body())).getHeight());
  }

  @Test
  void should_answer_b64_json_with_usage_when_the_model_is_gpt_image() {
    JsonNode body = json(postTo(mock, "/v1/images/generations",
        "{\"model\":\"gpt-image-1\",\"prompt\":\"a caravan\",\"mock\":{\"prompt_tokens\":9,\"completion_tokens\":272}}")
        .body());

    assertTrue(body.at("/data/0/b64_json").isTextual(), body.toString());
    assertEquals(9, body.at("/usage/input_tokens").asInt());
    assertEquals(272, body.at("/usage/output_tokens").asInt());
    assertEquals(281, body.at("/usage/total_tokens").asInt());
    assertEquals(9, body.at("/usage/input_tokens_details/text_tokens").asInt());
  }

  @Test
  void should_answer_400_naming_prompt_when_it_is_missing() {
    HttpResponse<String> response = postTo(mock, "/v1/images/generations", "{\"model\":\"gpt-image-1\"}");

    assertEquals(400, response.statusCode());
    assertEquals("prompt", json(response.body()).at("/error/param").asText());
  }

  private static HttpResponse<byte[]> sendForBytes(String url) throws IOException {
    try {
      return Http.CLIENT.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
          HttpResponse.BodyHandlers.ofByteArray());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
