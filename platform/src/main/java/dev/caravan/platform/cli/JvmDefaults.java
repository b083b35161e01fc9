package dev.caravan.platform.cli;

/**
 * JVM settings the gateway needs whatever the launcher passed. Applied first thing in
 * {@code main}, before any class touches {@code ForkJoinPool} or {@code CompletableFuture}.
 */
final class JvmDefaults {

    static final String COMMON_POOL_PARALLELISM = "java.util.concurrent.ForkJoinPool.common.parallelism";

    private JvmDefaults() {}

    /**
     * With fewer than two visible CPUs the common pool gets a parallelism of 1, and then
     * {@code CompletableFuture}'s default executor is "a new thread per task". The JDK HttpClient
     * still hands one (empty) task per {@code sendAsync} to that executor, so on a one-CPU box (or
     * cgroup, or taskset) the gateway would start and end a thread per upstream call. A parallelism
     * of 2 makes it use the common pool. An explicit {@code -D} setting is left alone.
     */
    static void apply() {
        if (System.getProperty(COMMON_POOL_PARALLELISM) == null && Runtime.getRuntime().availableProcessors() < 2) {
            System.setProperty(COMMON_POOL_PARALLELISM, "2");
        }
    }
}
