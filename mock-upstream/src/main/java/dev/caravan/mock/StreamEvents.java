package dev.caravan.mock;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * The bytes of one streamed answer in a wire format: what goes out with the head, then
 * {@link #count()} paced content events (the ones {@code chunks}, {@code chunk_interval_ms},
 * {@code tokens_per_second}, {@code truncate_after} and {@code reset_after} count), then the end.
 * {@link SseStream} does the pacing, back-pressure and endings for every format.
 */
interface StreamEvents {

  /** Content events between {@link #open} and {@link #close}. */
  int count();

  /** Sent at once with the head (e.g. OpenAI's role chunk, Anthropic's message_start); may be empty. */
  ByteBuf open(ByteBufAllocator alloc);

  /** Content event {@code i}, 0-based. */
  ByteBuf event(ByteBufAllocator alloc, int i);

  /** The end of a complete stream (finish, usage, terminator); may be empty. */
  ByteBuf close(ByteBufAllocator alloc);
}
