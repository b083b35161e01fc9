package dev.caravan.pii;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Credentials with a well-known shape:
 * <ul>
 *   <li>OpenAI keys: {@code sk-proj-…}, {@code sk-svcacct-…}, {@code sk-admin-…} (20+ characters after
 *       the prefix) and legacy {@code sk-} followed by 32+ letters and digits;</li>
 *   <li>Anthropic keys {@code sk-ant-…};</li>
 *   <li>AWS access key ids {@code AKIA…} / {@code ASIA…} (16 more upper-case letters or digits);</li>
 *   <li>GitHub tokens {@code ghp_ gho_ ghu_ ghs_ ghr_} (36+) and fine-grained {@code github_pat_…};</li>
 *   <li>Slack tokens {@code xoxb- xoxp- xoxa- xoxo- xoxs- xoxr-};</li>
 *   <li>Google API keys {@code AIza…} (35 more);</li>
 *   <li>Stripe secret and restricted keys {@code sk_live_ sk_test_ rk_live_ rk_test_};</li>
 *   <li>JSON Web Tokens ({@code eyJ….eyJ….signature});</li>
 *   <li>PEM private key blocks, {@code -----BEGIN … PRIVATE KEY-----} through the matching END line
 *       (or, when the END line is missing, through the base64 that follows).</li>
 * </ul>
 * A token glued to a preceding letter, digit, {@code _} or {@code -} is not reported
 * ({@code task-…} is not an OpenAI key).
 */
final class SecretDetector implements Detector {

    private static final String TOKEN = "(?:"
            + "sk-ant-[A-Za-z0-9_-]{20,512}"
            + "|sk-(?:proj|svcacct|admin)-[A-Za-z0-9_-]{20,512}"
            + "|sk-[A-Za-z0-9]{32,512}(?![A-Za-z0-9_-])"
            + "|(?:AKIA|ASIA)[0-9A-Z]{16}(?![0-9A-Za-z])"
            + "|gh[pousr]_[A-Za-z0-9]{36,255}"
            + "|github_pat_[A-Za-z0-9_]{22,255}"
            + "|xox[abposr]-[A-Za-z0-9-]{10,255}"
            + "|AIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])"
            + "|[sr]k_(?:live|test)_[0-9A-Za-z]{16,255}"
            + "|eyJ[A-Za-z0-9_-]{5,8192}\\.eyJ[A-Za-z0-9_-]{5,16384}\\.[A-Za-z0-9_-]{0,8192}"
            + ")";
    private static final Detector TOKENS = new PatternDetector(PiiKind.SECRET,
            // the first-character lookahead lets most positions fail before the costlier boundary check
            Pattern.compile("(?=[sAgxer])" + Boundary.notAfter("A-Za-z0-9_-") + TOKEN)) {};

    private static final Detector PEM_BLOCKS = new PemKeyDetector();

    @Override
    public PiiKind kind() {
        return PiiKind.SECRET;
    }

    @Override
    public List<Span> find(CharSequence text) {
        List<Span> pem = PEM_BLOCKS.find(text);
        List<Span> found = new ArrayList<>(pem);
        for (Span token : TOKENS.find(text)) {
            if (pem.stream().noneMatch(token::overlaps)) {
                found.add(token);
            }
        }
        found.sort(Comparator.comparingInt(Span::start));
        return found;
    }
}
