package dev.caravan.platform.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caravan.platform.config.PriceRow;
import dev.caravan.platform.config.PricingBinder;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code caravan pricing import}: the diff, --apply writing dated rows, and bad input exiting 2. */
class PricingImportCommandTest {

    /** LiteLLM's format: gpt-4o-mini doubled, one new Groq model, an embedding, a per-pixel image model skipped. */
    static final String LITELLM = """
            {
                "sample_spec": { "input_cost_per_token": 0.0, "litellm_provider": "one of https://docs.litellm.ai/docs/providers" },
                "gpt-4o-mini": { "input_cost_per_token": 3e-07, "cache_read_input_token_cost": 1.5e-07,
                                 "output_cost_per_token": 1.2e-06, "litellm_provider": "openai", "mode": "chat" },
                "groq/brand-new-model": { "input_cost_per_token": 1.1e-07, "output_cost_per_token": 3.4e-07,
                                          "litellm_provider": "groq", "mode": "chat" },
                "text-embedding-3-small": { "input_cost_per_token": 2e-08, "output_cost_per_token": 0.0,
                                            "litellm_provider": "openai", "mode": "embedding" },
                "256-x-256/dall-e-2": { "input_cost_per_pixel": 2.4414e-07, "litellm_provider": "openai", "mode": "image_generation" }
            }
            """;

    @TempDir
    Path tmp;
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    int run(String... args) {
        CommandLine cli = new CommandLine(new CaravanCli());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void should_show_added_changed_and_removed_rows_and_write_nothing_without_apply() throws Exception {
        Path file = Files.writeString(tmp.resolve("prices.json"), LITELLM);
        Path target = tmp.resolve("imports.yaml");

        assertEquals(0, run("pricing", "import", file.toString(), "--out", target.toString(), "--effective", "2026-12-01"), err.toString());

        String diff = out.toString();
        assertTrue(diff.contains("+ groq/brand-new-model  input 0.11, output 0.34"), diff);
        assertTrue(diff.contains("~ openai/gpt-4o-mini  input 0.15 -> 0.3, cached_input 0.075 -> 0.15, output 0.60 -> 1.2"
                + "  (was openai/gpt-4o-mini@2024-07-18; new price from 2026-12-01)"), diff);
        assertTrue(diff.contains("- openai/gpt-4o  not in the import; kept at openai/gpt-4o@2024-10-01"), diff);
        assertTrue(diff.contains("1 added, 1 changed, "), diff);
        assertTrue(diff.contains(" 1 unchanged"), diff); // text-embedding-3-small at 0.02
        assertFalse(Files.exists(target));
    }

    @Test
    void should_write_dated_rows_with_apply_that_the_config_reads_back() throws Exception {
        Path file = Files.writeString(tmp.resolve("prices.json"), LITELLM);
        Path target = tmp.resolve("imports.yaml");

        assertEquals(0, run("pricing", "import", file.toString(), "--apply", "--out", target.toString(), "--effective", "2026-12-01"), err.toString());

        List<PriceRow> rows = PricingBinder.catalogFile(target).rows();
        assertEquals(List.of("groq/brand-new-model@2026-12-01", "openai/gpt-4o-mini@2026-12-01"), rows.stream().map(PriceRow::id).toList());
        assertEquals("0.3", rows.get(1).inputPerMtok().toPlainString());
        assertEquals(LocalDate.of(2026, 12, 1), rows.get(1).effective());
        assertTrue(rows.get(1).source().contains("prices.json"), rows.get(1).source());

        // a second import against the written file: nothing left to change
        out.getBuffer().setLength(0);
        assertEquals(0, run("pricing", "import", file.toString(), "--out", target.toString(), "--effective", "2026-12-01"));
        assertTrue(out.toString().contains("0 added, 0 changed, "), out.toString());
    }

    @Test
    void should_exit_2_naming_the_known_formats_for_an_unknown_format() throws Exception {
        Path file = Files.writeString(tmp.resolve("prices.json"), LITELLM);

        assertEquals(2, run("pricing", "import", file.toString(), "--format", "openrouter"));
        assertEquals("--format: unknown format 'openrouter' (known: litellm)", err.toString().strip());
    }

    @Test
    void should_exit_2_naming_the_line_of_malformed_json() throws Exception {
        Path file = Files.writeString(tmp.resolve("broken.json"), "{\n  \"gpt-4o\": { \"input_cost_per_token\": 1e-06,\n  \"mode\" \"chat\" }\n}\n");

        assertEquals(2, run("pricing", "import", file.toString()));
        assertTrue(err.toString().contains("broken.json: line 3, column "), err.toString());
        assertTrue(err.toString().contains("not valid JSON"), err.toString());
        assertTrue(err.toString().contains("(formats known: litellm)"), err.toString());
    }

    @Test
    void should_exit_2_naming_the_line_and_field_of_a_price_that_is_not_a_number() throws Exception {
        Path file = Files.writeString(tmp.resolve("prices.json"), """
                {
                  "gpt-4o": { "input_cost_per_token": 2.5e-06, "output_cost_per_token": 1e-05, "litellm_provider": "openai" },
                  "o3": { "input_cost_per_token": "two dollars", "output_cost_per_token": 8e-06, "litellm_provider": "openai" }
                }
                """);

        assertEquals(2, run("pricing", "import", file.toString(), "--out", tmp.resolve("x.yaml").toString(), "--apply"));
        assertTrue(err.toString().contains("prices.json: line 3: 'o3'.input_cost_per_token: must be a number, got string \"two dollars\""), err.toString());
        assertFalse(Files.exists(tmp.resolve("x.yaml")));
    }
}
