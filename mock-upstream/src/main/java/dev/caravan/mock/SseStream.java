package dev.caravan.mock;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpResponse;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Writes one stream of any wire format on the channel's event loop: the {@link StreamEvents#open}
 * events at once, then content event k at {@code start + k * interval}, then the closing events. Waiting is an event-loop timer, never a parked thread; deadlines are computed
 * from the start so pacing does not drift. Honours back-pressure when the client reads slowly.
 */
final class SseStream implements Runnable {
  private final ChannelHandlerContext ctx;
  private final ChatExchange owner;
  private final StreamEvents events;
  private final long intervalNanos;
  private final int limit;
  private final Ending ending;
  private long startNanos;
  private int sent;
  private ScheduledFuture<?> timer;
  private boolean waitingForWritable;
  private boolean done;

  SseStream(ChannelHandlerContext ctx, ChatExchange owner, ChatCall call, StreamEvents events) {
    this.ctx = ctx;
    this.owner = owner;
    this.events = events;
    int count = events.count();
    this.intervalNanos = call.chunkIntervalNanos(count);
    int truncateAfter = call.behavior().truncateAfter();
    int resetAfter = call.behavior().resetAfter();
    // Whichever of reset_after and truncate_after comes first ends the stream; a tie resets.
    if (resetAfter != MockBehavior.OFF && (truncateAfter == MockBehavior.OFF || resetAfter <= truncateAfter)) {
      this.ending = Ending.RESET;
      this.limit = Math.min(resetAfter, count);
    } else if (truncateAfter != MockBehavior.OFF) {
      this.ending = Ending.TRUNCATE;
      this.limit = Math.min(truncateAfter, count);
    } else {
      this.ending = Ending.COMPLETE;
      this.limit = count;
    }
  }

  /** How the stream ends once its content chunks are sent. */
  private enum Ending {
    /** The closing events (finish, usage, [DONE] ...), end of the chunked body. */
    COMPLETE,
    /** truncate_after: close the connection (FIN) without them. */
    TRUNCATE,
    /** reset_after: reset the connection (RST) without them. */
    RESET
  }

  void start(HttpResponse head) {
    ctx.write(head);
    writeUnlessEmpty(events.open(ctx.alloc()));
    startNanos = System.nanoTime();
    pump();
  }

  /** Timer tick, or resumption after back-pressure. */
  @Override
  public void run() {
    timer = null;
    pump();
  }

  void writable() {
    if (waitingForWritable && ctx.channel().isWritable()) {
      waitingForWritable = false;
      // Not inline: this is called from inside a flush, which must not re-enter pump().
      ctx.executor().execute(this);
    }
  }

  void cancel() {
    done = true;
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
  }

  private void pump() {
    if (done) {
      return;
    }
    while (sent < limit) {
      if (intervalNanos > 0) {
        long wait = startNanos + (sent + 1) * intervalNanos - System.nanoTime();
        if (wait > 0) {
          ctx.flush();
          timer = ctx.executor().schedule(this, wait, TimeUnit.NANOSECONDS);
          return;
        }
      }
      if (!ctx.channel().isWritable()) {
        waitingForWritable = true;
        ctx.flush();
        return;
      }
      writeUnlessEmpty(events.event(ctx.alloc(), sent));
      sent++;
    }
    done = true;
    owner.streamEnding();
    switch (ending) {
      case TRUNCATE -> owner.streamTruncated();
      case RESET -> owner.streamReset();
      case COMPLETE -> owner.streamCompleted(ctx.writeAndFlush(
          new DefaultLastHttpContent(events.close(ctx.alloc()))));
    }
  }

  /** An empty chunk is not written: on HTTP/1.0 nothing would mark it, and it carries nothing. */
  private void writeUnlessEmpty(ByteBuf buf) {
    if (buf.isReadable()) {
      ctx.write(new DefaultHttpContent(buf));
    } else {
      buf.release();
    }
  }
}
