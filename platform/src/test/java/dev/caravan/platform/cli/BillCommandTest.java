package dev.caravan.platform.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code caravan bill --scenario} on docs/examples/bill-scenario.yaml, against totals worked out by
 * hand from the shipped catalog's rows (in force on 2026-12-01):
 * openai/gpt-4o-mini@2024-07-18 input 0.15, cached 0.075, output 0.60;
 * anthropic/claude-3-5-haiku@2024-11-04 input 0.80, cached 0.08, output 4.00;
 * openai/dall-e-3@2023-11-06 0.040 per image (all USD per million tokens).
 */
class BillCommandTest {

    static final String EXAMPLE = "../docs/examples/bill-scenario.yaml";

    @TempDir
    Path tmp;

    /*
     * gpt-4o-mini: 0.8 × 1,000,000 = 800,000 requests, × 1.02 (retry rate 0.02) = 816,000 calls (16,000 retries).
     *   input 816,000 × 1,200 = 979,200,000 tokens, 25 % cached: 244,800,000 cached, 734,400,000 not.
     *   output 816,000 × 300 = 244,800,000.
     *   734.4 × 0.15 + 244.8 × 0.075 + 244.8 × 0.60 = 110.16 + 18.36 + 146.88 = 275.40
     * claude-3-5-haiku: 200,000 requests, 204,000 calls (4,000 retries), input 2,000 and output 500 each, nothing cached:
     *   408 × 0.80 + 102 × 4.00 = 326.4 + 408 = 734.4
     *   its own fallbacks (no fallback named: the same row): 0.01 × 200,000 = 2,000 calls,
     *   4,000,000 input, 1,000,000 output: 3.2 + 4 = 7.2
     *   fallbacks from gpt-4o-mini: 0.01 × 800,000 = 8,000 calls with gpt-4o-mini's shape at haiku's row:
     *   9,600,000 input of which 2,400,000 cached, 2,400,000 output: 7.2 × 0.80 + 2.4 × 0.08 + 2.4 × 4 = 5.76 + 0.192 + 9.6 = 15.552
     *   line: 734.4 + 7.2 + 15.552 = 757.152; fallback calls 10,000; input 408,000,000 + 4,000,000 + 9,600,000 = 421,600,000;
     *   output 102,000,000 + 1,000,000 + 2,400,000 = 105,400,000
     * dall-e-3: 2,000 × 0.040 = 80
     * total: 275.4 + 757.152 + 80 = 1112.552
     * log storage: 1,000,000 requests × (1,500 receipt + 500 metadata-only log) bytes = 2,000,000,000 a month; 90 days: 6,000,000,000.
     */
    @Test
    void should_price_each_model_and_the_total_exactly_when_the_example_scenario_is_billed() {
        CliRun run = CliRun.of("bill", "--scenario", EXAMPLE);

        assertEquals(0, run.exit(), run.toString());
        String md = run.out();
        assertTrue(md.contains("| model | openai/gpt-4o-mini | openai/gpt-4o-mini@2024-07-18 | 800000 | 16000 | 0 | 0 | 979200000 | 244800000 | 275.4 |"), md);
        assertTrue(md.contains("| model | anthropic/claude-3-5-haiku | anthropic/claude-3-5-haiku@2024-11-04 | 200000 | 4000 | 10000 | 0 | 421600000 | 105400000 | 757.152 |"), md);
        assertTrue(md.contains("| images | openai/dall-e-3 | openai/dall-e-3@2023-11-06 | 0 | 0 | 0 | 2000 | 0 | 0 | 80 |"), md);
        assertTrue(md.contains("| **total** | | | | | | | | | **1112.552** |"), md);
        assertTrue(md.contains("- Approver: Dana Fox, finance"), md);
        assertTrue(md.contains("| metadata_only | 1000000 | 2000 (assumed) | 2000000000 bytes (2 GB) | 6000000000 bytes (6 GB) |"), md);
        assertEquals(0, new BigDecimal("275.4").add(new BigDecimal("757.152")).add(new BigDecimal("80")).compareTo(new BigDecimal("1112.552")));
    }

    @Test
    void should_print_one_csv_row_per_line_and_a_total_when_asked_for_csv() {
        CliRun run = CliRun.of("bill", "--scenario", EXAMPLE, "--csv");

        assertEquals(0, run.exit(), run.toString());
        assertEquals(List.of(
                "line,provider,model,price_row,requests,retry_calls,fallback_calls,images,input_tokens,output_tokens,cost_usd",
                "model,openai,gpt-4o-mini,openai/gpt-4o-mini@2024-07-18,800000,16000,0,0,979200000,244800000,275.4",
                "model,anthropic,claude-3-5-haiku,anthropic/claude-3-5-haiku@2024-11-04,200000,4000,10000,0,421600000,105400000,757.152",
                "images,openai,dall-e-3,openai/dall-e-3@2023-11-06,0,0,0,2000,0,0,80",
                "total,,,,,,,,,,1112.552"), run.out().lines().toList());
        assertTrue(run.out().contains("\r\n"), "CSV lines end with CRLF");
    }

    /*
     * Tiny amounts stay plain decimals: 3 requests of 1 prompt and 1 completion token on gpt-4o-mini cost
     * 3 × 0.15 / 1e6 + 3 × 0.60 / 1e6 = 0.00000045 + 0.0000018 = 0.00000225 (BigDecimal would print 2.25E-6).
     * Full logging: 1,500 + 500 + 4 × (1 + 1) = 2,008 bytes a request; 3 requests = 6,024 bytes; 7 days kept = 6,024 × 7 / 30 = 1,405.6 -> 1,406.
     */
    @Test
    void should_print_plain_decimals_and_full_log_sizes_when_amounts_are_tiny() throws IOException {
        Path file = write("""
                scenario: tiny
                approver: me
                price_date: 2026-12-01
                models:
                  - { provider: openai, model: gpt-4o-mini, requests: 3, input_tokens: 1, output_tokens: 1 }
                logs: { mode: full, retention_days: 7 }
                """);
        CliRun run = CliRun.of("bill", "--scenario", file.toString(), "--csv");

        assertEquals(0, run.exit(), run.toString());
        assertTrue(run.out().contains("model,openai,gpt-4o-mini,openai/gpt-4o-mini@2024-07-18,3,0,0,0,3,3,0.00000225\r\n"), run.out());
        assertTrue(run.out().endsWith("total,,,,,,,,,,0.00000225\r\n"), run.out());
        CliRun md = CliRun.of("bill", "--scenario", file.toString());
        assertTrue(md.out().contains("| full | 3 | 2008 (assumed) | 6024 bytes (0.000006024 GB) | 1406 bytes (0.000001406 GB) |"), md.out());
    }

    @Test
    void should_exit_2_naming_line_and_field_when_a_share_is_not_a_decimal() throws IOException {
        Path file = write("""
                scenario: x
                approver: y
                monthly_requests: 1000
                average_tokens: { input: 10, output: 5 }
                models:
                  - { provider: openai, model: gpt-4o-mini, share: "half" }
                """);
        CliRun run = CliRun.of("bill", "--scenario", file.toString());

        assertEquals(2, run.exit(), run.toString());
        assertTrue(run.err().contains(file + ": line 6: models[0].share: must be a decimal number such as \"0.25\", got a text 'half'"), run.err());
        assertEquals("", run.out());
    }

    @Test
    void should_exit_2_naming_each_problem_with_its_line_when_a_scenario_has_several() throws IOException {
        Path file = write("""
                scenario: x
                approver: y
                monthly_requests: 1000
                average_tokens: { input: 10, output: 5 }
                retry_rate: "-1"
                models:
                  - { provider: openai, model: gpt-4o-mini, share: "0.5" }
                  - provider: openai
                    modle: gpt-4o
                    share: "0.4"
                logs: { mode: everything }
                """);
        CliRun run = CliRun.of("bill", "--scenario", file.toString());

        assertEquals(2, run.exit(), run.toString());
        String err = run.err();
        assertTrue(err.contains("line 5: retry_rate: must be from 0 to 10, got -1"), err);
        assertTrue(err.contains("line 9: models[1].modle: unknown field (known: cached_share, fallback, input_tokens, model, output_tokens, provider, requests, share)"), err);
        assertTrue(err.contains("line 8: models[1].model: is required"), err);
        assertTrue(err.contains("line 11: logs.mode: must be one of off, metadata_only, redacted, full, got 'everything'"), err);
    }

    @Test
    void should_exit_2_when_the_shares_do_not_add_up_to_one() throws IOException {
        Path file = write("""
                scenario: x
                approver: y
                monthly_requests: 1000
                average_tokens: { input: 10, output: 5 }
                models:
                  - { provider: openai, model: gpt-4o-mini, share: "0.5" }
                  - { provider: openai, model: gpt-4o, share: "0.4" }
                """);
        CliRun run = CliRun.of("bill", "--scenario", file.toString());

        assertEquals(2, run.exit(), run.toString());
        assertTrue(run.err().contains("line 5: models: the shares add up to 0.9; they must add up to 1"), run.err());
    }

    @Test
    void should_exit_2_naming_the_line_when_a_model_has_no_price_row() throws IOException {
        Path file = write("""
                scenario: x
                approver: y
                price_date: 2026-12-01
                models:
                  - { provider: openai, model: gpt-4o-mini, requests: 10, input_tokens: 1, output_tokens: 1 }
                  - { provider: acme, model: llama-house-7b, requests: 10, input_tokens: 1, output_tokens: 1 }
                """);
        CliRun run = CliRun.of("bill", "--scenario", file.toString());

        assertEquals(2, run.exit(), run.toString());
        assertTrue(run.err().contains(file + ": line 6: models[1].model: no price row for acme/llama-house-7b on 2026-12-01"), run.err());
    }

    @Test
    void should_exit_2_with_line_and_column_when_the_yaml_is_broken() throws IOException {
        Path file = write("""
                scenario: x
                approver: y
                models: [ { model: gpt-4o-mini, requests: 1
                """);
        CliRun run = CliRun.of("bill", "--scenario", file.toString());

        assertEquals(2, run.exit(), run.toString());
        assertTrue(run.err().matches("(?s)caravan: .*: line \\d+, column \\d+: YAML syntax error: .*"), run.err());
    }

    @Test
    void should_exit_2_when_the_usage_period_is_not_days() {
        CliRun run = CliRun.of("bill", "--from-usage", "a month");

        assertEquals(2, run.exit(), run.toString());
        assertTrue(run.err().contains("--from-usage: must be a number of days such as 30d, got 'a month'"), run.err());
    }

    private Path write(String yaml) throws IOException {
        Path file = tmp.resolve("scenario.yaml");
        Files.writeString(file, yaml);
        return file;
    }
}
