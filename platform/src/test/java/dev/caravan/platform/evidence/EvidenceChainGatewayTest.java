package dev.caravan.platform.evidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.caravan.mock.MockOptions;
import dev.caravan.mock.MockUpstream;
import dev.caravan.platform.cli.CaravanCli;
import dev.caravan.platform.it.Poll;
import dev.caravan.platform.it.TestGateway;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The evidence chain through the real gateway: receipts of real requests are chained and signed,
 * the export and a receipt's proof verify offline with {@code caravan verify} and the public key
 * alone, and each kind of tampering (an altered, deleted, inserted or reordered record, an altered
 * or dropped checkpoint) is caught and named. docs/evidence.md.
 */
class EvidenceChainGatewayTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "sk-test-evidence-0000001";
    private static final String ADMIN = "adm-test-evidence-0123456789";

    @TempDir
    static Path tmp;
    static MockUpstream mock;
    static TestGateway gateway;
    static List<String> traces = new ArrayList<>();
    static Path publicKey;
    static List<String> export;

    @BeforeAll
    static void start() throws IOException {
        mock = MockUpstream.start(MockOptions.defaults());
        gateway = TestGateway.startFromYaml("""
                server: { host: 127.0.0.1, port: %d, io_threads: 2 }
                storage: { url: "jdbc:h2:file:%s" }
                admin: { token: "%s" }
                routes: { dir: "%s" }
                plugins: { dir: "%s" }
                receipts:
                  spill_file: "%s/spill.jsonl"
                  flush_interval_ms: 20
                  evidence: { node_id: test-node-1, checkpoint_records: 4, checkpoint_interval_ms: 100 }
                providers:
                  - { id: mock, plugin: openai, base_url: "%s" }
                models:
                  - { alias: fast, targets: [ { provider: mock, model: gpt-4o-mini } ] }
                keys:
                  - { name: acme, key: "%s", tenant: acme }
                """.formatted(TestGateway.freePort(), tmp.resolve("db/caravan"), ADMIN, TestGateway.routesDir(), TestGateway.pluginsDir(),
                tmp, mock.baseUrl(), KEY), tmp);
        for (int i = 0; i < 10; i++) {
            HttpResponse<String> response = gateway.post("/v1/chat/completions",
                    "{\"model\":\"fast\",\"messages\":[{\"role\":\"user\",\"content\":\"hello " + i + "\"}]}",
                    "authorization", TestGateway.bearer(KEY));
            assertEquals(200, response.statusCode(), response.body());
            traces.add(response.headers().firstValue("x-caravan-trace-id").orElseThrow());
        }
        HttpResponse<String> key = gateway.get("/v1/evidence/public-key");
        assertEquals(200, key.statusCode(), key.body());
        publicKey = Files.writeString(tmp.resolve("public-key.json"), key.body());
        // 10 records under checkpoints of at most 4 (by count) or 100 ms (by time), the last one ending at seq 10.
        export = Poll.until(EvidenceChainGatewayTest::exportLines,
                lines -> lines.stream().filter(l -> l.contains("\"chain\":\"receipts\"")).count() == 10
                        && lines.stream().anyMatch(l -> l.contains("\"type\":\"checkpoint\"") && l.contains("\\\"last_seq\\\":10,")
                                && l.contains("\\\"chain\\\":\\\"receipts\\\""))
                        && lines.stream().anyMatch(l -> l.contains("\"type\":\"checkpoint\"") && l.contains("\\\"chain\\\":\\\"audit\\\"")),
                Duration.ofSeconds(10), () -> "the receipts chain did not reach 10 signed records, or the audit chain was not signed");
    }

    @AfterAll
    static void stop() {
        gateway.close();
        mock.close();
    }

    private static List<String> exportLines() {
        HttpResponse<String> response = gateway.get("/admin/v1/evidence", "authorization", TestGateway.bearer(ADMIN));
        assertEquals(200, response.statusCode(), response.body());
        return new ArrayList<>(response.body().lines().toList());
    }

    /** Runs {@code caravan verify} as the CLI would; returns exit code and output. */
    private static String[] verify(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new CaravanCli());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        List<String> all = new ArrayList<>(List.of("verify", "--public-key", publicKey.toString()));
        all.addAll(List.of(args));
        int code = cli.execute(all.toArray(String[]::new));
        return new String[] {String.valueOf(code), out + err.toString()};
    }

    private static String[] verifyExport(List<String> lines) {
        try {
            Path file = Files.write(tmp.resolve("export-" + System.nanoTime() + ".jsonl"), lines, StandardCharsets.UTF_8);
            return verify(file.toString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static int indexOfRecord(List<String> lines, long seq) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains("\"type\":\"record\"") && lines.get(i).contains("\"chain\":\"receipts\"")
                    && lines.get(i).contains("\"seq\":" + seq + ",")) {
                return i;
            }
        }
        throw new AssertionError("no record " + seq);
    }

    @Test
    void should_verify_an_untouched_export_offline_with_the_public_key() {
        String[] result = verifyExport(export);

        assertEquals("0", result[0], result[1]);
        assertTrue(result[1].contains("caravan verify: verified "), result[1]);
        assertTrue(export.stream().filter(l -> l.contains("\"type\":\"checkpoint\"") && l.contains("receipts")).count() >= 3,
                "at most 4 records per checkpoint");
    }

    @Test
    void should_chain_the_audit_log_and_name_an_altered_audit_entry() throws IOException {
        List<String> lines = new ArrayList<>(export);
        int at = -1;
        for (int i = 0; i < lines.size() && at < 0; i++) {
            if (lines.get(i).contains("\"chain\":\"audit\"") && lines.get(i).contains("\"type\":\"record\"")) {
                at = i;
            }
        }
        assertTrue(at >= 0, "the bootstrap key's audit entry is chained");
        ObjectNode record = (ObjectNode) JSON.readTree(lines.get(at));
        assertTrue(record.get("body").asText().contains("\"action\":"), record.toString());
        record.put("body", record.get("body").asText().replace("\"actor\":\"", "\"actor\":\"someone-else-"));
        lines.set(at, record.toString());

        String[] result = verifyExport(lines);

        assertEquals("1", result[0], result[1]);
        assertTrue(result[1].contains("altered: record seq 1") && result[1].contains("of test-node-1/audit"), result[1]);
    }

    @Test
    void should_name_an_altered_record() throws IOException {
        List<String> lines = new ArrayList<>(export);
        int at = indexOfRecord(lines, 3);
        ObjectNode record = (ObjectNode) JSON.readTree(lines.get(at));
        record.put("body", record.get("body").asText().replace("\"status\":200", "\"status\":201"));
        lines.set(at, record.toString());

        String[] result = verifyExport(lines);

        assertEquals("1", result[0], result[1]);
        assertTrue(result[1].contains("altered: record seq 3 (" + traces.get(2) + ")"), result[1]);
    }

    @Test
    void should_catch_a_record_rewritten_with_its_hash_recomputed_through_the_signed_checkpoint() throws IOException {
        List<String> lines = new ArrayList<>(export);
        // The forger changes the cost of the last record and recomputes its hash: the chain links still hold...
        int at = indexOfRecord(lines, 10);
        ObjectNode record = (ObjectNode) JSON.readTree(lines.get(at));
        String body = record.get("body").asText().replaceFirst("\"cost_usd\":\"[^\"]*\"", "\"cost_usd\":\"0\"");
        record.put("body", body).put("hash", EvidenceHashes.record(record.get("prev_hash").asText(), body));
        lines.set(at, record.toString());

        String[] result = verifyExport(lines);

        // ...but the signed checkpoint over seq 10 does not.
        assertEquals("1", result[0], result[1]);
        assertTrue(result[1].contains("..10)") && result[1].contains("do not match its signed root"), result[1]);
    }

    @Test
    void should_name_a_deleted_record() {
        List<String> lines = new ArrayList<>(export);
        lines.remove(indexOfRecord(lines, 5));

        String[] result = verifyExport(lines);

        assertEquals("1", result[0], result[1]);
        assertTrue(result[1].contains("deleted: record seq 5"), result[1]);
    }

    @Test
    void should_name_an_inserted_record() {
        List<String> lines = new ArrayList<>(export);
        int at = indexOfRecord(lines, 6);
        lines.add(at + 1, lines.get(at)); // a copy of seq 6 slipped in after it

        String[] result = verifyExport(lines);

        assertEquals("1", result[0], result[1]);
        assertTrue(result[1].contains("inserted: record seq 6"), result[1]);
    }

    @Test
    void should_name_reordered_records() {
        List<String> lines = new ArrayList<>(export);
        Collections.swap(lines, indexOfRecord(lines, 7), indexOfRecord(lines, 8));

        String[] result = verifyExport(lines);

        assertEquals("1", result[0], result[1]);
        assertTrue(result[1].contains("reordered: record seq 8"), result[1]);
    }

    @Test
    void should_name_an_altered_checkpoint() throws IOException {
        List<String> lines = new ArrayList<>(export);
        int at = -1;
        for (int i = 0; i < lines.size() && at < 0; i++) {
            if (lines.get(i).contains("\"type\":\"checkpoint\"") && lines.get(i).contains("\\\"chain\\\":\\\"receipts\\\"")) {
                at = i;
            }
        }
        ObjectNode checkpoint = (ObjectNode) JSON.readTree(lines.get(at));
        String statement = checkpoint.get("statement").asText();
        String forged = statement.replaceFirst("\"root\":\"[0-9a-f]", "\"root\":\"" + (statement.contains("\"root\":\"0") ? "1" : "0"));
        assertTrue(!forged.equals(statement));
        checkpoint.put("statement", forged);
        lines.set(at, checkpoint.toString());

        String[] result = verifyExport(lines);

        assertEquals("1", result[0], result[1]);
        assertTrue(result[1].contains("altered: checkpoint 1") && result[1].contains("signature does not match"), result[1]);
    }

    @Test
    void should_name_a_dropped_checkpoint() {
        List<String> lines = new ArrayList<>(export);
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains("\"type\":\"checkpoint\"") && lines.get(i).contains("\\\"chain\\\":\\\"receipts\\\"")) {
                lines.remove(i);
                break;
            }
        }

        String[] result = verifyExport(lines);

        assertEquals("1", result[0], result[1]);
        assertTrue(result[1].contains("checkpoint 2") && result[1].contains("does not follow checkpoint 0"), result[1]);
    }

    @Test
    void should_exit_2_naming_the_line_when_the_file_is_not_evidence() {
        String[] result = verifyExport(List.of("{\"type\":\"record\",\"node\":\"n\"}"));

        assertEquals("2", result[0], result[1]);
        assertTrue(result[1].contains("line 1: record without 'chain'"), result[1]);
    }

    @Test
    void should_prove_one_receipt_offline_and_catch_an_altered_proof() throws IOException {
        String trace = traces.get(5);
        HttpResponse<String> response = gateway.get("/v1/receipts/" + trace + "/proof", "authorization", TestGateway.bearer(KEY));
        assertEquals(200, response.statusCode(), response.body());
        JsonNode proof = JSON.readTree(response.body());
        assertEquals("checkpointed", proof.get("status").asText());
        assertEquals(trace, proof.get("receipt").get("trace_id").asText());
        Path file = Files.writeString(tmp.resolve("proof.json"), response.body());

        String[] ok = verify("--proof", file.toString());
        assertEquals("0", ok[0], ok[1]);

        ObjectNode forged = (ObjectNode) proof.deepCopy();
        ((ObjectNode) forged.get("receipt")).put("cost_usd", "0");
        String[] altered = verify("--proof", Files.writeString(tmp.resolve("forged.json"), forged.toString()).toString());
        assertEquals("1", altered[0], altered[1]);
        assertTrue(altered[1].contains("the receipt in the proof differs"), altered[1]);
    }

    @Test
    void should_answer_404_for_another_keys_receipt_proof() {
        HttpResponse<String> response = gateway.get("/v1/receipts/01-no-such-trace/proof", "authorization", TestGateway.bearer(KEY));

        assertEquals(404, response.statusCode(), response.body());
        assertTrue(response.body().contains("receipt_not_found"), response.body());
    }

    @Test
    void should_still_serve_the_receipt_itself_beside_its_proof() {
        HttpResponse<String> response = gateway.get("/v1/receipts/" + traces.get(0), "authorization", TestGateway.bearer(KEY));

        assertEquals(200, response.statusCode(), response.body());
        assertEquals(traces.get(0), TestGateway.json(response.body()).get("trace_id").asText());
    }
}
