package dev.caravan.mock;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Runs the mock upstream as a process until it is killed:
 * {@code java -cp <jar and dependencies> dev.caravan.mock.MockUpstreamMain --port 9000 --latency-ms 50}.
 * Every {@link MockBehavior} knob has a flag ({@code --chunk-interval-ms} ...) setting its default;
 * {@code --script FILE} loads per-model {@link MockScript}s from a JSON object
 * {@code {"<model>": {"steps": [...]}, ...}}.
 */
@Command(name = "mock-upstream", mixinStandardHelpOptions = true,
    description = "A scriptable stand-in for the OpenAI, Anthropic and Gemini APIs. Per request, override any "
        + "default with a \"mock\": {...} object in the JSON body or x-mock-<knob> headers.")
public final class MockUpstreamMain implements Callable<Integer> {

  @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to bind (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(names = "--port", defaultValue = "9000", description = "Port to bind, 0 = any free port (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--io-threads", defaultValue = "1", description = "Netty I/O threads (default: ${DEFAULT-VALUE}).")
  int ioThreads;

  @Option(names = "--script", paramLabel = "FILE", description = "JSON file of per-model scripts: "
      + "{\"<model>\": {\"steps\": [{\"times\": 2, \"status\": 503}, {\"times\": -1}]}}. Repeatable; "
      + "a later file wins for the same model. Change them at run time with PUT/DELETE /_mock/scripts/<model>.")
  List<Path> scriptFiles;

  @Option(names = "--fixtures", paramLabel = "DIR", description = "Directory of recorded fixtures that the "
      + "replay knob names (relative paths inside it), answered verbatim.")
  Path fixturesDir;

  @Spec
  CommandSpec spec;

  private static final ObjectMapper JSON = new ObjectMapper();

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The command with one option per behaviour knob, generated from {@link MockKnob}. */
  static CommandLine commandLine() {
    CommandLine commandLine = new CommandLine(new MockUpstreamMain());
    MockBehavior defaults = MockBehavior.defaults();
    for (MockKnob knob : MockKnob.values()) {
      boolean flag = knob.valueIn(defaults) instanceof Boolean;
      OptionSpec.Builder option = OptionSpec.builder("--" + knob.dashed())
          .type(String.class)
          .paramLabel("<" + knob.key() + ">")
          .description(knob.description() + " (default: " + knob.valueIn(defaults) + ")");
      if (flag) {
        option.arity("0..1").fallbackValue("true");
      }
      commandLine.getCommandSpec().addOption(option.build());
    }
    return commandLine;
  }

  @Override
  public Integer call() throws InterruptedException {
    MockBehavior behavior = behavior();
    Map<String, MockScript> scripts = scripts();
    if (fixturesDir != null && !Files.isDirectory(fixturesDir)) {
      throw new ParameterException(spec.commandLine(), "--fixtures " + fixturesDir + ": not a directory");
    }
    MockUpstream mock = MockUpstream.start(new MockOptions(host, port, ioThreads, behavior, fixturesDir));
    scripts.forEach(mock::script);
    System.out.println("mock upstream listening on " + mock.baseUrl());
    System.out.flush();
    mock.awaitClose();
    return 0;
  }

  private MockBehavior behavior() {
    MockBehavior behavior = MockBehavior.defaults();
    for (MockKnob knob : MockKnob.values()) {
      String value = spec.findOption("--" + knob.dashed()).getValue();
      if (value != null) {
        try {
          behavior = knob.apply(behavior, value);
        } catch (IllegalArgumentException e) {
          throw new ParameterException(spec.commandLine(), e.getMessage());
        }
      }
    }
    return behavior;
  }

  /** Every --script file, in order; a problem exits with status 2 naming the file and the field. */
  private Map<String, MockScript> scripts() {
    Map<String, MockScript> scripts = new LinkedHashMap<>();
    for (Path file : scriptFiles == null ? List.<Path>of() : scriptFiles) {
      try {
        scripts.putAll(loadScripts(file));
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), "--script " + file + ": " + e.getMessage());
      }
    }
    return scripts;
  }

  /**
   * Reads {@code {"<model>": {"steps": [...]}, ...}}.
   *
   * @throws IllegalArgumentException naming the field (e.g. {@code primary.steps[0].status}), or
   *     when the file cannot be read or is not JSON
   */
  static Map<String, MockScript> loadScripts(Path file) {
    JsonNode root;
    try {
      root = JSON.readTree(Files.readString(file));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read the file: " + e);
    }
    if (root == null || !root.isObject() || root.isEmpty()) {
      throw new IllegalArgumentException("must be a non-empty JSON object of model -> {\"steps\": [...]}");
    }
    Map<String, MockScript> scripts = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> model : root.properties()) {
      if (model.getKey().isEmpty()) {
        throw new IllegalArgumentException("a model name must not be empty");
      }
      scripts.put(model.getKey(), MockScript.fromJson(model.getValue(), model.getKey() + "."));
    }
    return scripts;
  }
}
