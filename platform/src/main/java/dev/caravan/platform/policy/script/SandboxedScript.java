package dev.caravan.platform.policy.script;

import groovy.lang.Script;

/**
 * What every script of the policies folder has, whatever its DSL: the id it is known by (in
 * decisions, receipts and errors) and a {@code log} named for it. The sandbox only compiles
 * scripts whose base class is the one their folder calls for ({@link ScriptKind}).
 */
public abstract class SandboxedScript extends Script {

    private volatile String scriptId = "script";
    private volatile ScriptLog log = new ScriptLog("script");

    /** A logger named for this script: {@code log.info("...")}. */
    public ScriptLog getLog() {
        return log;
    }

    void bind(String id) {
        this.scriptId = id;
        this.log = new ScriptLog(id);
    }

    String scriptId() {
        return scriptId;
    }
}
