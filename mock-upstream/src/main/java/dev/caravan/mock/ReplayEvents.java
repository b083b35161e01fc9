package dev.caravan.mock;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A recorded SSE stream replayed verbatim: each event (up to and including the blank line that
 * ends it, {@code \n\n} or {@code \r\n\r\n}) is one paced content event, so {@code chunk_interval_ms},
 * {@code truncate_after} and {@code reset_after} count recorded events. The bytes sent concatenate
 * to the file.
 */
final class ReplayEvents implements StreamEvents {
  private final byte[] file;
  private final List<int[]> events;

  private ReplayEvents(byte[] file, List<int[]> events) {
    this.file = file;
    this.events = events;
  }

  /** True when a fixture holds an SSE stream rather than a JSON body. */
  static boolean isEventStream(byte[] file) {
    String start = new String(file, 0, Math.min(file.length, 64), StandardCharsets.UTF_8).stripLeading();
    return start.startsWith("event:") || start.startsWith("data:") || start.startsWith(":")
        || start.startsWith("id:") || start.startsWith("retry:");
  }

  static ReplayEvents of(byte[] file) {
    List<int[]> events = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < file.length; i++) {
      int end = endOfEvent(file, i);
      if (end > 0) {
        events.add(new int[] {start, end});
        start = end;
        i = end - 1;
      }
    }
    if (start < file.length) {
      events.add(new int[] {start, file.length});
    }
    return new ReplayEvents(file, events);
  }

  /** The index after a blank line starting at {@code i} ({@code \n\n}, {@code \r\n\r\n}), or -1. */
  private static int endOfEvent(byte[] f, int i) {
    if (f[i] == '\n' && i + 1 < f.length && f[i + 1] == '\n') {
      return i + 2;
    }
    if (f[i] == '\r' && i + 3 < f.length && f[i + 1] == '\n' && f[i + 2] == '\r' && f[i + 3] == '\n') {
      return i + 4;
    }
    return -1;
  }

  @Override
  public int count() {
    return events.size();
  }

  @Override
  public ByteBuf open(ByteBufAllocator alloc) {
    return Unpooled.EMPTY_BUFFER;
  }

  @Override
  public ByteBuf event(ByteBufAllocator alloc, int i) {
    int[] range = events.get(i);
    return Unpooled.wrappedBuffer(file, range[0], range[1] - range[0]);
  }

  @Override
  public ByteBuf close(ByteBufAllocator alloc) {
    return Unpooled.EMPTY_BUFFER;
  }
}
