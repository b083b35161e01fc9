package dev.caravan.platform.policy.script;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The mapper the script-visible views convert bodies with. It lives here, not in a field of a
 * view: Groovy reads private (also static) fields by name, and {@code req.JSON} handed a script a
 * mapper that builds any class from a string ({@code convertValue('/etc/passwd', File)}).
 * No script can name this class.
 */
final class ScriptJson {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private ScriptJson() {}
}
