package dev.caravan.platform.policy.script;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@code log} of a policy script: a logger named {@code caravan.policy.<policy id>}, nothing else. */
public final class ScriptLog {

    // The name only: Groovy reads private fields, and the logger would lead to the logging system itself.
    private final String name;

    ScriptLog(String policyId) {
        this.name = "caravan.policy." + policyId.replace('/', '.');
    }

    private Logger logger() {
        return LoggerFactory.getLogger(name); // the logging system keeps one logger per name
    }

    public void debug(Object message) {
        logger().debug("{}", message);
    }

    public void info(Object message) {
        logger().info("{}", message);
    }

    public void warn(Object message) {
        logger().warn("{}", message);
    }
}
