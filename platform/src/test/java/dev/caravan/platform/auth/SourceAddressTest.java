package dev.caravan.platform.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;

class SourceAddressTest {

    private static InetSocketAddress peer(String address) throws UnknownHostException {
        return new InetSocketAddress(InetAddress.getByName(address), 40_000);
    }

    @Test
    void should_name_the_ipv4_address_when_the_peer_is_ipv4() throws UnknownHostException {
        assertEquals("203.0.113.7", SourceAddress.of(peer("203.0.113.7")));
    }

    @Test
    void should_group_an_ipv6_peer_by_its_64_bit_network_when_the_peer_is_ipv6() throws UnknownHostException {
        assertEquals("2001:db8:1:2::/64", SourceAddress.of(peer("2001:db8:1:2:aaaa:bbbb:cccc:dddd")));
        assertEquals("2001:db8:1:2::/64", SourceAddress.of(peer("2001:db8:1:2::1")));
    }

    @Test
    void should_name_the_ipv4_address_when_the_peer_is_ipv4_mapped() throws UnknownHostException {
        byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, (byte) 198, 51, 100, 9};
        assertEquals("198.51.100.9", SourceAddress.of(new InetSocketAddress(
                java.net.Inet6Address.getByAddress(null, mapped, -1), 1)));
    }

    @Test
    void should_answer_unknown_when_there_is_no_inet_peer() {
        assertEquals(SourceAddress.UNKNOWN, SourceAddress.of(null));
    }
}
