package dev.caravan.platform.policy.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import groovy.lang.MissingMethodException;
import org.codehaus.groovy.runtime.typehandling.GroovyCastException;
import org.junit.jupiter.api.Test;

class ScriptErrorsTest {

    @Test
    void should_hide_the_call_arguments_when_groovy_reports_a_missing_method() {
        String described = ScriptErrors.describe(new MissingMethodException("shout", String.class,
                new Object[] {"my card is 4111 1111 1111 1111"}));

        assertTrue(described.startsWith("MissingMethodException: No signature of method:"), described);
        assertTrue(described.endsWith("values: <hidden>"), described);
        assertFalse(described.contains("4111"), described);
    }

    @Test
    void should_hide_the_object_when_groovy_reports_a_failed_cast() {
        String described = ScriptErrors.describe(new GroovyCastException("the secret prompt text", Integer.class));

        assertFalse(described.contains("secret prompt"), described);
        assertTrue(described.contains("object <hidden> with class"), described);
    }

    @Test
    void should_mask_key_shaped_tokens_when_a_script_puts_them_in_its_message() {
        String described = ScriptErrors.describe(new IllegalStateException("upstream key sk-live-0123456789abcdef refused"));

        assertEquals("IllegalStateException: upstream key <secret> refused", described);
    }

    @Test
    void should_keep_only_the_first_line_when_the_message_has_several() {
        String described = ScriptErrors.describe(new IllegalStateException("first\n\tat dev.caravan.Secret.method(Secret.java:1)"));

        assertEquals("IllegalStateException: first", described);
    }
}
