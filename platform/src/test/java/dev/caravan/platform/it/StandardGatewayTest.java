package dev.caravan.platform.it;

import dev.caravan.mock.MockOptions;
import dev.caravan.mock.MockUpstream;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** Base of test classes that share one mock upstream and one gateway with the standard set-up. */
abstract class StandardGatewayTest {

    @TempDir
    static Path tmp;
    static MockUpstream mock;
    static TestGateway gateway;

    @BeforeAll
    static void startGateway() {
        mock = MockUpstream.start(MockOptions.defaults());
        gateway = TestGateway.start(mock, tmp);
    }

    @AfterAll
    static void stopGateway() {
        gateway.close();
        mock.close();
    }
}
