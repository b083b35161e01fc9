package dev.caravan.platform.auth;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * The source an authentication failure is counted against: the peer's IPv4 address, or the /64
 * network of an IPv6 peer, since one host commonly owns a whole /64 and could otherwise rotate
 * through addresses. The TCP peer, never a forwarding header, which a guesser would simply vary.
 */
public final class SourceAddress {

    public static final String UNKNOWN = "unknown";

    private SourceAddress() {}

    public static String of(SocketAddress peer) {
        if (!(peer instanceof InetSocketAddress inet) || inet.getAddress() == null) {
            return UNKNOWN;
        }
        InetAddress address = inet.getAddress();
        if (address instanceof Inet6Address) {
            byte[] bytes = address.getAddress();
            if (ipv4Mapped(bytes)) {
                return (bytes[12] & 0xff) + "." + (bytes[13] & 0xff) + "." + (bytes[14] & 0xff) + "." + (bytes[15] & 0xff);
            }
            StringBuilder network = new StringBuilder();
            for (int i = 0; i < 8; i += 2) {
                network.append(Integer.toHexString(((bytes[i] & 0xff) << 8) | (bytes[i + 1] & 0xff))).append(':');
            }
            return network.append(":/64").toString();
        }
        return address.getHostAddress();
    }

    /** {@code ::ffff:a.b.c.d}: an IPv4 peer on a dual-stack socket counts as that IPv4 address. */
    private static boolean ipv4Mapped(byte[] bytes) {
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff;
    }
}
