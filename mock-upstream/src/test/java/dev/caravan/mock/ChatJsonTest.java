package dev.caravan.mock;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ChatJsonTest {

  @Test
  void should_write_decimal_digits_when_writing_a_long() {
    for (long value : new long[] {0, 7, 10, 99, 12345, Long.MAX_VALUE}) {
      ByteBuf buf = Unpooled.buffer(1);
      try {
        buf.writeByte('x');
        ChatJson.writeLong(buf, value);
        assertEquals("x" + value, buf.toString(StandardCharsets.US_ASCII));
      } finally {
        buf.release();
      }
    }
  }
}
