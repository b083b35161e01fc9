package dev.caravan.platform.policy.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caravan.platform.policy.script.ScriptCompiler.ScriptCompileException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * One regression test per sandbox escape: each script must be refused at compile time, with a
 * message naming what was refused. The first test proves the sandbox lets an ordinary script through.
 */
class ScriptSandboxTest {

    private final ScriptCompiler compiler = new ScriptCompiler(new SandboxRules(List.of(), List.of()));

    private String refused(String script) {
        ScriptCompileException e = assertThrows(ScriptCompileException.class,
                () -> compiler.compile(PolicyFolder.sha256(script), script), "sandbox let through: " + script);
        return e.getMessage();
    }

    /** The first refused construct is reported; a script may contain several, so any of them will do. */
    private static void assertMentions(String message, String... anyOf) {
        assertTrue(message.contains("not allowed"), "not a sandbox refusal: " + message);
        assertTrue(java.util.Arrays.stream(anyOf).anyMatch(message::contains),
                "expected the error to mention one of " + List.of(anyOf) + ", got: " + message);
    }

    @Test
    void should_compile_ordinary_policy_when_it_uses_only_allowed_classes() {
        String script = """
                import dev.caravan.api.policy.PolicyDecision
                def limits = [gold: 4096, silver: 1024]
                beforeRequest { req ->
                    def tier = req.metadata.get('tier') ?: 'silver'
                    def cap = Math.min(limits.get(tier) ?: 256, req.maxTokens as int)
                    String note = "tier ${tier}"
                    if (req.body.messages.size() > 50) return deny(400, 'too_many_messages', 'at most 50 messages')
                    cap < 1024 ? modify(maxTokens: cap, note: note) : allow(note)
                }
                afterResponse { out -> log.info("cost ${out.costUsd ?: BigDecimal.ZERO}") }
                """;
        assertTrue(PolicyScript.class.isAssignableFrom(compiler.compile(PolicyFolder.sha256(script), script)));
    }

    @Test
    void should_refuse_system_exit() {
        assertMentions(refused("beforeRequest { System.exit(1) }"), "java.lang.System", "'exit'");
    }

    @Test
    void should_refuse_runtime_exec() {
        assertMentions(refused("beforeRequest { Runtime.getRuntime().exec('id') }"), "java.lang.Runtime", "'exec'", "'getRuntime'");
    }

    @Test
    void should_refuse_process_builder() {
        assertMentions(refused("beforeRequest { new ProcessBuilder('id').start() }"), "java.lang.ProcessBuilder", "'start'");
    }

    @Test
    void should_refuse_groovy_string_execute() {
        assertMentions(refused("beforeRequest { 'id'.execute() }"), "'execute'");
    }

    @Test
    void should_refuse_java_io_file() {
        assertMentions(refused("beforeRequest { new File('/etc/passwd').text }"), "java.io.File");
    }

    @Test
    void should_refuse_nio_files() {
        assertMentions(refused("import java.nio.file.Files\nbeforeRequest { Files.readString(null) }"), "java.nio.file.Files");
    }

    @Test
    void should_refuse_nio_paths_by_fully_qualified_name() {
        assertMentions(refused("beforeRequest { java.nio.file.Paths.get('/etc/passwd') }"), "java.nio.file.Paths");
    }

    @Test
    void should_refuse_url() {
        assertMentions(refused("beforeRequest { new URL('http://example.com').text }"), "java.net.URL");
    }

    @Test
    void should_refuse_string_to_url() {
        assertMentions(refused("beforeRequest { 'http://example.com'.toURL().text }"), "'toURL'");
    }

    @Test
    void should_refuse_socket() {
        assertMentions(refused("beforeRequest { new java.net.Socket('example.com', 80) }"), "java.net.Socket");
    }

    @Test
    void should_refuse_http_client() {
        assertMentions(refused("beforeRequest { java.net.http.HttpClient.newHttpClient() }"), "java.net.http.HttpClient");
    }

    @Test
    void should_refuse_class_for_name() {
        assertMentions(refused("beforeRequest { Class.forName('java.lang.Runtime') }"), "java.lang.Class", "'forName'");
    }

    @Test
    void should_refuse_get_class() {
        assertMentions(refused("beforeRequest { req -> req.getClass() }"), "'getClass'");
    }

    @Test
    void should_refuse_class_property_to_class_loader() {
        assertMentions(refused("beforeRequest { req -> req.class.classLoader.loadClass('java.lang.Runtime') }"), "'class'", "'classLoader'", "'loadClass'");
    }

    @Test
    void should_refuse_class_by_subscript() {
        assertMentions(refused("beforeRequest { req -> req['class'] }"), "'class'");
    }

    @Test
    void should_refuse_computed_subscript() {
        assertMentions(refused("beforeRequest { req -> def k = 'cla' + 'ss'; req[k] }"), "computed subscript");
    }

    @Test
    void should_refuse_computed_method_name() {
        assertMentions(refused("beforeRequest { req -> def m = 'exe' + 'cute'; 'id'.\"$m\"() }"), "computed method name");
    }

    @Test
    void should_refuse_groovy_shell() {
        assertMentions(refused("beforeRequest { new GroovyShell().evaluate('System.exit(1)') }"), "groovy.lang.GroovyShell", "'evaluate'");
    }

    @Test
    void should_refuse_eval() {
        assertMentions(refused("beforeRequest { Eval.me('System.exit(1)') }"), "groovy.util.Eval");
    }

    @Test
    void should_refuse_script_evaluate() {
        assertMentions(refused("beforeRequest { evaluate('System.exit(1)') }"), "'evaluate'");
    }

    @Test
    void should_refuse_thread() {
        assertMentions(refused("beforeRequest { new Thread({ while (true) {} }).start() }"), "java.lang.Thread", "'start'");
    }

    @Test
    void should_refuse_async_work_outside_the_time_limit() {
        assertMentions(refused("beforeRequest { java.util.concurrent.CompletableFuture.runAsync { while (true) {} } }"), "'runAsync'");
    }

    @Test
    void should_refuse_meta_class_change() {
        assertMentions(refused("String.metaClass.toString = { -> 'owned' }\nbeforeRequest { allow() }"), "'metaClass'");
    }

    @Test
    void should_refuse_invoke_method() {
        assertMentions(refused("beforeRequest { req -> req.invokeMethod('getClass', null) }"), "'invokeMethod'");
    }

    @Test
    void should_refuse_field_access() {
        assertMentions(refused("beforeRequest { req -> req.@request }"), "field access");
    }

    @Test
    void should_refuse_ast_test_annotation_before_it_runs() {
        String message = refused("""
                @groovy.transform.ASTTest(value = { System.exit(1) })
                def x = 1
                beforeRequest { allow() }
                """);
        assertMentions(message, "annotations");
    }

    @Test
    void should_refuse_grab() {
        assertMentions(refused("@Grab('org.example:evil:1.0')\nimport org.example.Evil\nbeforeRequest { allow() }"), "annotations");
    }

    @Test
    void should_refuse_static_import_of_system_exit() {
        assertMentions(refused("import static java.lang.System.exit\nbeforeRequest { exit(1) }"), "exit");
    }

    @Test
    void should_refuse_finalize_override() {
        assertMentions(refused("class Evil { void finalize() { while (true) {} } }\nbeforeRequest { new Evil(); allow() }"), "'finalize'");
    }

    @Test
    void should_refuse_cast_to_class() {
        assertMentions(refused("beforeRequest { ('java.lang.Runtime' as Class).getRuntime() }"), "java.lang.Class", "'getRuntime'");
    }

    @Test
    void should_refuse_class_path_resources_through_a_class_value() {
        assertMentions(refused("beforeRequest { def type = String; type.getResourceAsStream('/caravan.yaml') }"), "'getResourceAsStream'");
    }

    @Test
    void should_refuse_changing_jvm_wide_defaults() {
        assertMentions(refused("beforeRequest { Locale.setDefault(Locale.CHINA) }"), "'setDefault'");
    }

    @Test
    void should_allow_class_when_operator_allows_it() {
        ScriptCompiler widened = new ScriptCompiler(new SandboxRules(List.of("java.util.UUID"), List.of()));
        String script = "beforeRequest { allow(java.util.UUID.randomUUID().toString()) }";
        assertEquals(PolicyScript.class, widened.compile(PolicyFolder.sha256(script), script).getSuperclass());
    }

    @Test
    void should_refuse_an_escape_in_a_guardrail_script_as_in_a_policy() {
        String script = "check { input -> 'id'.execute(); pass() }";
        ScriptCompileException e = assertThrows(ScriptCompileException.class,
                () -> compiler.compile(ScriptKind.GUARDRAIL, PolicyFolder.sha256(script), script));
        assertMentions(e.getMessage(), "'execute'");
    }

    @Test
    void should_compile_the_same_text_once_per_kind_when_it_is_a_policy_and_a_guardrail() {
        String script = "def x = 1";
        Class<?> policy = compiler.compile(ScriptKind.POLICY, PolicyFolder.sha256(script), script);
        Class<?> guardrail = compiler.compile(ScriptKind.GUARDRAIL, PolicyFolder.sha256(script), script);
        assertTrue(PolicyScript.class.isAssignableFrom(policy));
        assertTrue(GuardrailScript.class.isAssignableFrom(guardrail));
    }
}
