package dev.caravan.mock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplayEventsTest {

  @Test
  void should_split_at_blank_lines_keeping_every_byte_when_framed_with_lf_or_crlf() {
    String file = "event: a\ndata: 1\n\ndata: 2\r\n\r\ndata: tail";

    List<String> events = events(ReplayEvents.of(bytes(file)));

    assertEquals(List.of("event: a\ndata: 1\n\n", "data: 2\r\n\r\n", "data: tail"), events);
    assertEquals(file, String.join("", events));
  }

  @Test
  void should_tell_an_event_stream_from_a_json_body_by_its_first_field() {
    assertTrue(ReplayEvents.isEventStream(bytes("\nevent: message_start\ndata: {}\n\n")));
    assertTrue(ReplayEvents.isEventStream(bytes("data: {\"candidates\":[]}\r\n\r\n")));
    assertFalse(ReplayEvents.isEventStream(bytes("{\"data\": 1}")));
  }

  private static List<String> events(ReplayEvents replay) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < replay.count(); i++) {
      ByteBuf buf = replay.event(ByteBufAllocator.DEFAULT, i);
      out.add(buf.toString(StandardCharsets.UTF_8));
      buf.release();
    }
    return out;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
