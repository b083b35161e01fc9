package dev.caravan.platform.stage;

/** The stage scripts of the policies folder ({@code stages/<name>.groovy}), as routes name them ({@code script:<name>}). */
public interface ScriptStageSource {

    /** Null when the script {@code name} is loaded and can run; else why not, naming its file. */
    String problem(String name);

    /** Runs the version of {@code name} loaded at the time of each call (hot reload swaps it). */
    StageCall call(String name);
}
