package dev.caravan.mock;

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
 * Every {@link MockBehavior} knob has a flag ({@code --chunk-interval-ms} ...) setting its default.
 */
@Command(name = "mock-upstream", mixinStandardHelpOptions = true,
    description = "A scriptable stand-in for OpenAI's chat completions API. Per request, override any "
        + "default with a \"mock\": {...} object in the JSON body or x-mock-<knob> headers.")
public final class MockUpstreamMain implements Callable<Integer> {

  @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to bind (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(names = "--port", defaultValue = "9000", description = "Port to bind, 0 = any free port (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--io-threads", defaultValue = "1", description = "Netty I/O threads (default: ${DEFAULT-VALUE}).")
  int ioThreads;

  @Spec
  CommandSpec spec;

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
    MockUpstream mock = MockUpstream.start(new MockOptions(host, port, ioThreads, behavior()));
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
}
