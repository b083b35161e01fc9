package dev.caravan.platform.exchange;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Trace ids: 12 hex digits of epoch milliseconds then 20 random hex digits, so ids sort by time
 * (useful in receipts and indexes) and never collide in practice. Not a secret: the receipt
 * endpoint also checks the caller's key.
 */
public final class TraceIds {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private TraceIds() {}

    public static String next() {
        char[] id = new char[32];
        writeHex(id, 0, System.currentTimeMillis(), 12);
        ThreadLocalRandom random = ThreadLocalRandom.current();
        writeHex(id, 12, random.nextLong(), 16);
        writeHex(id, 28, random.nextInt(), 4);
        return new String(id);
    }

    private static void writeHex(char[] out, int offset, long value, int digits) {
        for (int i = digits - 1; i >= 0; i--) {
            out[offset + i] = HEX[(int) (value & 0xF)];
            value >>>= 4;
        }
    }
}
