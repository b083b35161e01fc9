package dev.caravan.platform.pilot;

import java.util.ArrayList;
import java.util.List;

/**
 * Step 4: {@code calls} plain chat completions one after the other (status and latency from send to
 * last byte: min, median, max), then a request the API must refuse ({@code messages} not a list)
 * and a call with a key that cannot be valid, each judged by its status and error body.
 */
final class TransportTest {

    static final String BAD_KEY = "sk-caravan-pilot-invalid-key-000000";

    private TransportTest() {}

    static PilotReport.Transport run(Calls calls, PilotPlan plan) {
        String model = Calls.JSON.valueToTree(plan.candidate().alias()).toString();
        String plain = "{\"model\":" + model + ",\"messages\":[{\"role\":\"user\",\"content\":\"Reply with one word: ready.\"}]}";
        List<PilotReport.Call> made = new ArrayList<>();
        for (int i = 0; i < plan.calls(); i++) {
            made.add(calls.call("transport", "/chat/completions", plan.candidate().alias(), plain).call());
        }
        int ok = (int) made.stream().filter(c -> c.status() / 100 == 2 && c.error() == null).count();
        double[] ms = made.stream().mapToDouble(PilotReport.Call::latencyMs).sorted().toArray();
        int n = ms.length;
        double median = n % 2 == 1 ? ms[n / 2] : (ms[n / 2 - 1] + ms[n / 2]) / 2;
        String badBody = "{\"model\":" + model + ",\"messages\":\"not a list\"}";
        Calls.Result bad = calls.call("bad_request", "/chat/completions", plan.candidate().alias(), badBody);
        PilotReport.Probe badRequest = probe("messages as a text instead of a list", bad, 400, 499);
        Calls.Result wrongKey = calls.callWithKey("bad_key", "/chat/completions", plan.candidate().alias(), plain, BAD_KEY);
        PilotReport.Probe badKey = probe("a key that does not exist", wrongKey, 401, 403);
        boolean pass = ok == made.size() && badRequest.pass() && badKey.pass();
        return new PilotReport.Transport(made, ok, ms[0], Calls.round(median), ms[n - 1], badRequest, badKey, pass);
    }

    /** Passes when the status is in {@code [low, high]} and the body is an error body a client SDK can read. */
    private static PilotReport.Probe probe(String sent, Calls.Result r, int low, int high) {
        int status = r.answer().status();
        String format = Calls.errorFormat(r.json());
        boolean pass = status >= low && status <= high && !format.equals("other");
        String message = r.call().error() != null ? r.call().error()
                : "HTTP " + status + ": accepted (" + (status / 100 == 2 ? "the target did not refuse it" : "no error body") + ")";
        return new PilotReport.Probe(sent, status, format, message, pass);
    }
}
