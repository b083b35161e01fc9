package dev.caravan.platform.guard;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.caravan.api.guardrail.GuardCheck;

/**
 * The guardrails written as Groovy scripts in the policies folder, as a guardrail entry names them
 * ({@code script: <name>}): the script counterpart of the plugins' {@code Guardrail} extensions.
 */
public interface GuardrailScripts {

    /** The id the script's checks are known by in receipts and 446 errors. */
    String id(String name);

    /**
     * A check that runs the script's current version with {@code options}. Throws
     * {@link IllegalArgumentException} when the script is missing or does not load, or an option is
     * refused; a message that starts with the option name ({@code action: ...}) is reported under
     * the entry's path.
     */
    GuardCheck configure(String name, ObjectNode options);

    /** For gateways (and tests) without a policies folder. */
    static GuardrailScripts none() {
        return new GuardrailScripts() {
            @Override
            public String id(String name) {
                return "guardrails/" + name;
            }

            @Override
            public GuardCheck configure(String name, ObjectNode options) {
                throw new IllegalArgumentException("script: guardrail scripts are not loaded in this set-up");
            }
        };
    }
}
