package dev.caravan.platform.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.caravan.platform.storage.RequestLog;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExportFormatTest {

    @Test
    void should_quote_and_double_quotes_when_a_cell_has_comma_quote_or_newline() {
        assertEquals("\"a,b\"", ExportFormat.quoted("a,b"));
        assertEquals("\"say \"\"hi\"\"\"", ExportFormat.quoted("say \"hi\""));
        assertEquals("\"line\nbreak\"", ExportFormat.quoted("line\nbreak"));
        assertEquals("plain", ExportFormat.quoted("plain"));
    }

    @Test
    void should_write_a_header_and_one_crlf_record_per_row_when_csv() {
        ExportFormat csv = ExportFormat.csv(RequestLog.class);
        assertEquals("trace_id,tenant_id,key_id,received_at,mode,do_not_track,request_body,response_body,truncated,redactions\r\n", csv.header());
        RequestLog log = new RequestLog("t-1", "acme", "k", Instant.parse("2026-11-25T00:00:00Z"), "full", null, "{\"a\":1}", "x, y", false,
                Map.of("email", 1));
        assertEquals("t-1,acme,k,2026-11-25T00:00:00Z,full,,\"{\"\"a\"\":1}\",\"x, y\",false,\"{\"\"email\"\":1}\"\r\n", csv.line(log));
    }
}
