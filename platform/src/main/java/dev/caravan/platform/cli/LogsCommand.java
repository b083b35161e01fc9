package dev.caravan.platform.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code caravan logs}: the stored request logs of a running gateway. */
@Command(name = "logs", mixinStandardHelpOptions = true, description = "Export request logs from a running gateway.",
        subcommands = LogsCommand.Export.class)
public final class LogsCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    enum Format { jsonl, csv }

    enum Include { logs, receipts }

    /**
     * {@code GET /admin/v1/exports}, streamed to stdout or a file as it arrives (no row is held in
     * memory). A file is written beside its target and moved into place only when the export is
     * complete, so an interrupted export never leaves a file that looks whole.
     */
    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "Request logs (or receipts) as JSONL or CSV, oldest first; stored rows, already redacted.")
    static final class Export extends AdminCommand {

        @Option(names = "--from", paramLabel = "WHEN", converter = TimeBound.Converter.class, description = "Start: an instant or a UTC date.")
        TimeBound from;

        @Option(names = "--to", paramLabel = "WHEN", converter = TimeBound.Converter.class,
                description = "End: an instant (exclusive) or a UTC date (included).")
        TimeBound to;

        @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "jsonl", description = "jsonl (default) or csv.")
        Format format;

        @Option(names = "--include", paramLabel = "WHAT", defaultValue = "logs", description = "logs (default) or receipts.")
        Include include;

        @Option(names = "--tenant", paramLabel = "ID", description = "Only this tenant.")
        String tenant;

        @Option(names = "--out", paramLabel = "FILE", description = "Write to FILE instead of stdout.")
        Path file;

        @Override
        protected void run(AdminClient client) {
            Map<String, String> query = new LinkedHashMap<>();
            query.put("format", format.name());
            query.put("include", include.name());
            query.put("since", TimeBound.since(from));
            query.put("until", TimeBound.until(to));
            query.put("tenant", tenant);
            if (file == null) {
                try (WriterStream out = new WriterStream()) {
                    client.download("/exports", query, out);
                }
                return;
            }
            Path partial = file.resolveSibling(file.getFileName() + ".partial");
            try {
                long bytes;
                try (OutputStream out = Files.newOutputStream(partial)) {
                    bytes = client.download("/exports", query, out);
                }
                if (incomplete(partial)) {
                    throw new CliFailure(1, "the export is incomplete (the gateway's database stopped answering); kept as " + partial);
                }
                Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING);
                err().println("Wrote " + bytes + " bytes to " + file);
            } catch (IOException e) {
                throw new CliFailure(1, "cannot write " + file + ": " + e.getMessage());
            }
        }

        /** The export endpoint ends a body that failed midway with a line saying so. */
        private boolean incomplete(Path written) throws IOException {
            long size = Files.size(written);
            if (size == 0) {
                return false;
            }
            try (var in = Files.newByteChannel(written)) {
                int tail = (int) Math.min(size, 512);
                java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(tail);
                in.position(size - tail);
                in.read(buffer);
                String end = new String(buffer.array(), 0, buffer.position(), java.nio.charset.StandardCharsets.UTF_8);
                return end.contains("export_incomplete") || end.contains("# export failed:");
            }
        }

        /** Bytes to picocli's stdout writer (UTF-8 text), so the output is captured like the other commands'. */
        private final class WriterStream extends OutputStream {
            private final java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();

            @Override
            public void write(int b) {
                line.write(b);
                if (b == '\n') {
                    flush();
                }
            }

            @Override
            public void write(byte[] bytes, int off, int len) {
                for (int i = off; i < off + len; i++) {
                    write(bytes[i]);
                }
            }

            @Override
            public void flush() {
                out().print(line.toString(java.nio.charset.StandardCharsets.UTF_8));
                line.reset();
            }

            @Override
            public void close() {
                flush();
            }
        }
    }
}
