package dev.caravan.platform.policy.script;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@code log} of a policy script: a logger named {@code caravan.policy.<policy id>}, nothing else. */
public final class ScriptLog {

    private final Logger logger;

    ScriptLog(String policyId) {
        this.logger = LoggerFactory.getLogger("caravan.policy." + policyId.replace('/', '.'));
    }

    public void debug(Object message) {
        logger.debug("{}", message);
    }

    public void info(Object message) {
        logger.info("{}", message);
    }

    public void warn(Object message) {
        logger.warn("{}", message);
    }
}
