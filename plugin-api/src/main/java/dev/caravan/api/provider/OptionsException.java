package dev.caravan.api.provider;

/**
 * A provider's {@code options} are wrong. {@link #path()} names the option below {@code options}
 * ({@code api_version}, {@code models[1].name}; empty for the options object itself) and
 * {@link #problem()} says what is wrong; the platform reports it as
 * {@code providers[<id>].options.<path>: <problem>} and refuses to start.
 */
public class OptionsException extends IllegalArgumentException {

    private final String path;
    private final String problem;

    public OptionsException(String path, String problem) {
        super(path == null || path.isEmpty() ? problem : path + ": " + problem);
        this.path = path == null ? "" : path;
        this.problem = problem;
    }

    /** The option's path below {@code options}, e.g. {@code api_version}; empty for the whole options object. */
    public String path() {
        return path;
    }

    public String problem() {
        return problem;
    }
}
