-- wrk script for bench/run.sh: POST one OpenAI chat completion per request.
--
-- Environment (read once per wrk thread):
--   BENCH_MODEL   model name sent ("fast" = the gateway alias; the mock accepts any name)
--   BENCH_KEY     bearer key; empty = no Authorization header (the mock needs none)
--   BENCH_STREAM  "true" to ask for SSE ("stream": true)
--   BENCH_MOCK    optional JSON object of per-request mock knobs, e.g. {"chunks":100,"chunk_interval_ms":100}
--                 (the gateway passes unknown body fields through to the upstream untouched)
--   BENCH_PACE_MS optional mean gap in ms between one connection's requests (paced, open-loop-like
--                 run): each connection waits an exponentially distributed time with that mean
--                 before each request, so N connections offer N * 1000 / BENCH_PACE_MS requests/s
--                 as independent arrivals instead of bursts. Unset or 0 = as fast as possible.
--                 wrk starts each latency measurement when the request is written, after the wait.
--
-- At the end it prints one machine-readable line, BENCH_RESULT key=value ..., that run.sh parses.
-- No response() callback on purpose: defining one makes wrk copy every header and body into Lua,
-- which costs CPU on the core that the mock shares with wrk. wrk itself counts non-2xx/3xx
-- answers as errors.status, and socket problems as connect/read/write/timeout errors.

local model  = os.getenv("BENCH_MODEL") or "fast"
local key    = os.getenv("BENCH_KEY") or ""
local stream = os.getenv("BENCH_STREAM") == "true"
local mock   = os.getenv("BENCH_MOCK") or ""

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
if key ~= "" then wrk.headers["Authorization"] = "Bearer " .. key end

local body = '{"model":"' .. model .. '","messages":[{"role":"user","content":"Say hello in one short sentence."}]'
if stream then body = body .. ',"stream":true' end
if mock ~= "" then body = body .. ',"mock":' .. mock end
wrk.body = body .. '}'

local pace = tonumber(os.getenv("BENCH_PACE_MS") or "") or 0
if pace > 0 then
  math.randomseed(os.time() + math.floor(os.clock() * 1e6))
  -- wrk takes whole milliseconds; rounding keeps the mean at pace.
  delay = function()
    return math.floor(-pace * math.log(1 - math.random()) + 0.5)
  end
end

done = function(summary, latency, requests)
  local s = summary
  io.write(string.format(
    "BENCH_RESULT requests=%d duration_us=%d bytes=%d p50_us=%d p90_us=%d p99_us=%d p999_us=%d max_us=%d mean_us=%.0f " ..
    "err_connect=%d err_read=%d err_write=%d err_timeout=%d err_status=%d\n",
    s.requests, s.duration, s.bytes,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency:percentile(99.9),
    latency.max, latency.mean,
    s.errors.connect, s.errors.read, s.errors.write, s.errors.timeout, s.errors.status))
end
