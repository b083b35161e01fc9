package dev.caravan.platform.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caravan.mock.MockOptions;
import dev.caravan.mock.MockUpstream;
import dev.caravan.platform.storage.KeyHashing;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The virtual keys of the config file reach the database only as their SHA-256, never as plain text. */
class KeyStorageTest {

    @TempDir
    Path tmp;

    @Test
    void should_store_only_the_hash_of_a_key_when_it_was_used_and_the_gateway_closed() throws IOException {
        try (MockUpstream mock = MockUpstream.start(MockOptions.defaults())) {
            TestGateway gateway = TestGateway.start(mock, tmp);
            HttpResponse<String> ok = gateway.post("/v1/chat/completions",
                    "{\"model\":\"fast\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", "authorization", TestGateway.bearer(TestGateway.KEY));
            assertEquals(200, ok.statusCode(), ok.body());
            gateway.close(); // checkpoints and closes H2: every row is in the files now
        }
        String everything;
        try (Stream<Path> files = Files.walk(tmp)) {
            everything = String.join("\n", files.filter(Files::isRegularFile).filter(p -> p.toString().contains("/db/"))
                    .map(KeyStorageTest::read).toList());
        }
        assertTrue(everything.contains(KeyHashing.hash(TestGateway.KEY)), "the key's hash is not in the database files");
        assertFalse(everything.contains(TestGateway.KEY), "the plain key is in the database files");
        assertFalse(everything.contains(TestGateway.LIMITED_KEY), "the plain key is in the database files");
    }

    private static String read(Path p) {
        try {
            return new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
