package dev.caravan.pii;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Key-shaped values are built from parts so that this file itself holds no key-shaped string. */
class SecretDetectorTest {

    private static final String ALNUM40 = "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8S9t0";
    private static final String JWT = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9" + ".eyJzdWIiOiIxMjM0NTY3ODkwIn0"
            + ".dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U";
    private static final String PEM_BODY = "MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun";

    private final Detector detector = Detectors.of(PiiKind.SECRET);

    static Stream<Arguments> secrets() {
        String pem = "-----BEGIN RSA PRIVATE KEY-----\n" + PEM_BODY + "\n-----END RSA PRIVATE KEY-----";
        String escapedPem = "-----BEGIN PRIVATE KEY-----\\n" + PEM_BODY + "\\n-----END PRIVATE KEY-----";
        String truncatedPem = "-----BEGIN OPENSSH PRIVATE KEY-----\n" + PEM_BODY + "\n" + PEM_BODY;
        return Stream.of(
                Arguments.of("OpenAI project key", "sk-" + "proj-" + ALNUM40 + "_-x"),
                Arguments.of("OpenAI legacy key", "sk-" + ALNUM40),
                Arguments.of("Anthropic key", "sk-" + "ant-api03-" + ALNUM40),
                Arguments.of("AWS access key id", "AKIA" + "IOSFODNN7EXAMPLE"),
                Arguments.of("GitHub classic token", "ghp_" + ALNUM40.substring(0, 36)),
                Arguments.of("GitHub fine-grained token", "github_pat_" + "11ABCDEFG0" + ALNUM40),
                Arguments.of("Slack bot token", "xoxb-" + "1234567890-" + ALNUM40.substring(0, 24)),
                Arguments.of("Google API key", "AIza" + ALNUM40.substring(0, 35)),
                Arguments.of("Stripe live key", "sk_" + "live_" + ALNUM40.substring(0, 24)),
                Arguments.of("JWT", JWT),
                Arguments.of("PEM block", pem),
                Arguments.of("PEM block in JSON text", escapedPem),
                Arguments.of("PEM block without END line", truncatedPem));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("secrets")
    void should_find_the_whole_secret_when_text_contains_one(String name, String secret) {
        String text = "here: " + secret + " end";

        assertEquals(List.of(secret), Found.in(detector, text));
    }

    static Stream<Arguments> lookalikes() {
        return Stream.of(
                Arguments.of("glued to a word", "task-" + ALNUM40 + "abcd"),
                Arguments.of("hyphenated words after sk-", "use sk-learn-compatible-model-wrapper-classes"),
                Arguments.of("short sk- token", "sk-12345"),
                Arguments.of("too short AWS id", "AKIA1234"),
                Arguments.of("too short GitHub token", "ghp_short"),
                Arguments.of("JWT header only", "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9"),
                Arguments.of("public key", "-----BEGIN PUBLIC KEY-----\n" + PEM_BODY + "\n-----END PUBLIC KEY-----"),
                Arguments.of("short Stripe key", "sk_" + "live_123"),
                Arguments.of("UUID", "123e4567-e89b-12d3-a456-426614174000"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lookalikes")
    void should_find_nothing_when_text_has_only_a_lookalike(String name, String text) {
        assertEquals(List.of(), Found.in(detector, text));
    }
}
