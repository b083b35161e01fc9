package dev.caravan.mock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.net.URI;
import org.junit.jupiter.api.Test;

class MockUpstreamLifecycleTest {

  @Test
  void should_report_a_loopback_v1_base_url_with_the_bound_port_when_started_on_port_0() {
    try (MockUpstream mock = MockUpstream.start(MockOptions.defaults())) {
      assertTrue(mock.port() > 0);
      assertEquals(URI.create("http://127.0.0.1:" + mock.port() + "/v1"), mock.baseUrl());
    }
  }

  @Test
  void should_use_loopback_in_the_base_url_when_bound_to_all_interfaces() {
    try (MockUpstream mock = MockUpstream.start(MockOptions.defaults().withHost("0.0.0.0"))) {
      assertEquals("127.0.0.1", mock.baseUrl().getHost());
      assertEquals(200, Http.post(mock, Http.chatBody(false).toString()).statusCode());
    }
  }

  @Test
  void should_fail_naming_the_address_when_the_port_is_taken() {
    try (MockUpstream first = MockUpstream.start(MockOptions.defaults())) {
      UncheckedIOException e = assertThrows(UncheckedIOException.class,
          () -> MockUpstream.start(MockOptions.defaults().withPort(first.port())));

      assertTrue(e.getMessage().contains(":" + first.port()), e.getMessage());
    }
  }

  @Test
  void should_allow_closing_twice() {
    MockUpstream mock = MockUpstream.start(MockOptions.defaults());
    mock.close();
    mock.close();
  }

  @Test
  void should_reject_invalid_options_naming_the_field() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> MockOptions.defaults().withIoThreads(0));

    assertTrue(e.getMessage().startsWith("ioThreads"), e.getMessage());
  }
}
