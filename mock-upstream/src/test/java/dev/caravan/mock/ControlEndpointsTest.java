package dev.caravan.mock;

import static dev.caravan.mock.Http.call;
import static dev.caravan.mock.Http.control;
import static dev.caravan.mock.Http.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** PUT / GET / DELETE /_mock/scripts: the scripts of a mock run as a process. */
class ControlEndpointsTest {
  static MockUpstream mock;

  @BeforeAll
  static void start() {
    mock = MockUpstream.start(MockOptions.defaults());
  }

  @AfterAll
  static void stop() {
    mock.close();
  }

  @AfterEach
  void clean() {
    mock.clearScripts();
    mock.reset();
  }

  @Test
  void should_follow_the_script_and_show_the_call_count_when_a_script_is_put() {
    HttpResponse<String> put = control(mock, "PUT", "/_mock/scripts/primary",
        "{\"steps\":[{\"times\":2,\"status\":503},{\"times\":-1}]}");
    List<Integer> statuses = List.of(call(mock, "primary").statusCode(), call(mock, "primary").statusCode(),
        call(mock, "primary").statusCode());
    call(mock, "other");
    JsonNode listed = json(control(mock, "GET", "/_mock/scripts", null).body());

    assertEquals(200, put.statusCode(), put.body());
    assertEquals(json("{\"steps\":[{\"times\":2,\"status\":503},{\"times\":-1}],\"calls\":0,\"model\":\"primary\"}"),
        json(put.body()));
    assertEquals(List.of(503, 503, 200), statuses);
    assertEquals(json("{\"scripts\":{\"primary\":{\"steps\":[{\"times\":2,\"status\":503},{\"times\":-1}],"
        + "\"calls\":3}},\"calls\":{\"other\":1,\"primary\":3}}"), listed);
  }

  @Test
  void should_show_one_script_or_404_when_a_model_script_is_asked_for() {
    mock.script("m", MockScript.steps().then(b -> b.withHang(true)));

    HttpResponse<String> one = control(mock, "GET", "/_mock/scripts/m", null);
    HttpResponse<String> none = control(mock, "GET", "/_mock/scripts/nothing", null);

    assertEquals(json("{\"steps\":[{\"times\":1,\"hang\":true}],\"calls\":0}"), json(one.body()));
    assertEquals(404, none.statusCode());
    ChatCompletionTest.assertOpenAiError(json(none.body()), "invalid_request_error");
  }

  @Test
  void should_answer_with_the_defaults_when_all_scripts_are_deleted() {
    control(mock, "PUT", "/_mock/scripts/a", "{\"steps\":[{\"status\":500}]}");
    control(mock, "PUT", "/_mock/scripts/b", "{\"steps\":[{\"status\":500}]}");

    HttpResponse<String> deleted = control(mock, "DELETE", "/_mock/scripts", null);

    assertEquals(json("{\"deleted\":2}"), json(deleted.body()));
    assertEquals(200, call(mock, "a").statusCode());
    assertEquals(json("{}"), json(control(mock, "GET", "/_mock/scripts", null).body()).get("scripts"));
  }

  @Test
  void should_remove_only_that_script_when_one_model_script_is_deleted() {
    control(mock, "PUT", "/_mock/scripts/a", "{\"steps\":[{\"status\":500}]}");
    control(mock, "PUT", "/_mock/scripts/b", "{\"steps\":[{\"status\":500}]}");

    HttpResponse<String> deleted = control(mock, "DELETE", "/_mock/scripts/a", null);

    assertEquals(json("{\"deleted\":1}"), json(deleted.body()));
    assertEquals(200, call(mock, "a").statusCode());
    assertEquals(500, call(mock, "b").statusCode());
  }

  @Test
  void should_take_the_rest_of_the_path_as_the_model_when_it_contains_a_slash() {
    control(mock, "PUT", "/_mock/scripts/meta-llama%2FLlama-3.1+8B", "{\"steps\":[{\"status\":502}]}");
    control(mock, "PUT", "/_mock/scripts/org/model", "{\"steps\":[{\"status\":504}]}");

    assertEquals(502, call(mock, "meta-llama/Llama-3.1+8B").statusCode());
    assertEquals(504, call(mock, "org/model").statusCode());
  }

  @Test
  void should_show_scripts_set_from_java_when_listed_over_http() {
    mock.script("j", MockScript.steps().then(3, b -> b.withResetAfter(2)));

    JsonNode listed = json(control(mock, "GET", "/_mock/scripts", null).body());

    assertEquals(json("{\"steps\":[{\"times\":3,\"reset_after\":2}],\"calls\":0}"), listed.get("scripts").get("j"));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "{\"steps\":[{\"times\":2,\"status\":302}]}      | steps[0].status",
      "{\"steps\":[{\"times\":-1},{\"status\":500}]}   | steps[0].times",
      "{\"steps\":[{\"times\":0}]}                     | steps[0].times",
      "{\"steps\":[{\"colour\":\"red\"}]}              | steps[0].colour",
      "{\"steps\":[]}                                  | steps",
      "{\"stepz\":[]}                                  | stepz",
      "''                                              | script",
  })
  void should_answer_400_naming_the_field_when_the_script_is_invalid(String body, String field) {
    HttpResponse<String> response = control(mock, "PUT", "/_mock/scripts/m", body);

    assertEquals(400, response.statusCode(), response.body());
    JsonNode error = json(response.body()).get("error");
    assertEquals(field, error.get("param").asText(), response.body());
    assertTrue(error.get("message").asText().startsWith(field + ": "), response.body());
    assertEquals(json("{}"), json(control(mock, "GET", "/_mock/scripts", null).body()).get("scripts"));
  }

  @Test
  void should_answer_400_when_the_script_is_not_json() {
    HttpResponse<String> response = control(mock, "PUT", "/_mock/scripts/m", "{\"steps\":");

    assertEquals(400, response.statusCode());
    assertTrue(json(response.body()).get("error").get("message").asText().contains("not valid JSON"), response.body());
  }

  @Test
  void should_answer_405_when_the_method_does_not_fit_the_path() {
    HttpResponse<String> post = control(mock, "POST", "/_mock/scripts", "{}");
    HttpResponse<String> patch = control(mock, "PATCH", "/_mock/scripts/m", "{}");

    assertEquals(405, post.statusCode());
    assertEquals(405, patch.statusCode());
    assertEquals(404, control(mock, "GET", "/_mock/unknown", null).statusCode());
    assertEquals(0, mock.requestCount());
  }
}
