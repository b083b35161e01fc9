package dev.caravan.platform.plugins;

/**
 * Exists on the host's (test) classpath; test plugins bundle their own class of the same name to
 * prove that classes outside the parent-first packages are loaded from the plugin first.
 */
public final class ChildFirstProbe {

    public static String origin() {
        return "host";
    }
}
