package dev.caravan.platform.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caravan.platform.evidence.EvidenceVerifier;
import dev.caravan.platform.evidence.SigningKey;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code caravan verify}: checks evidence offline with only the gateway's public key. Exit 0 when
 * it verifies, 1 when it was tampered with (naming the first record or checkpoint), 2 when the
 * input is not evidence.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Check an evidence export (GET /admin/v1/evidence) or one receipt's proof (GET /v1/receipts/{id}/proof)"
                + " offline, with only the gateway's public key (GET /v1/evidence/public-key).",
                "Exit code 0: verified; 1: tampered (the first altered, deleted, inserted or reordered record or checkpoint is named);"
                + " 2: the input is not evidence."})
public final class VerifyCommand implements Callable<Integer> {

    @Option(names = "--public-key", required = true, paramLabel = "FILE",
            description = "The gateway's Ed25519 public key: a PEM file, or the JSON GET /v1/evidence/public-key answers.")
    Path publicKey;

    @Option(names = "--proof", description = "FILE is one receipt's proof, not an export.")
    boolean proof;

    @Parameters(paramLabel = "FILE", description = "The export (JSON lines) or, with --proof, the proof (JSON).")
    Path file;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            EvidenceVerifier verifier = new EvidenceVerifier(key(publicKey));
            EvidenceVerifier.Result result;
            if (proof) {
                result = verifier.proof(new ObjectMapper().readTree(Files.readString(file, StandardCharsets.UTF_8)));
            } else {
                try (BufferedReader lines = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    result = verifier.export(lines);
                }
            }
            if (!result.ok()) {
                err.println("caravan verify: NOT VERIFIED: " + result.problem());
                return 1;
            }
            out.println("caravan verify: verified " + result.records() + " record(s) under " + result.checkpoints()
                    + " signed checkpoint(s)" + (result.purged() > 0 ? "; " + result.purged() + " purged by retention (hash kept, content gone)" : "")
                    + (result.unsigned() > 0 ? "; " + result.unsigned() + " after the last checkpoint (chained, not signed yet)" : ""));
            return 0;
        } catch (EvidenceVerifier.BadInput | IllegalArgumentException e) {
            err.println("caravan verify: " + file + ": " + e.getMessage());
            return CaravanCli.EXIT_BAD_CONFIG;
        } catch (IOException e) {
            err.println("caravan verify: cannot read " + e.getMessage());
            return CaravanCli.EXIT_BAD_CONFIG;
        }
    }

    private static PublicKey key(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
        if (text.startsWith("{")) {
            text = new ObjectMapper().readTree(text).path("public_key").asText();
        }
        return SigningKey.publicKey(text);
    }
}
