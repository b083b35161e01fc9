package dev.caravan.platform.policy.script;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caravan.api.policy.RequestPolicy;
import dev.caravan.platform.policy.script.ScriptCompiler.ScriptCompileException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One regression test per escape form of the issue "the Groovy sandbox can be escaped": each script
 * really tries to run {@code touch <marker>} through a shell. The test compiles it and, should the
 * sandbox let it through, instantiates it and runs its body and handler (which is where the escape
 * would fire); it asserts the script was refused with a message and that the marker file does not exist.
 */
class ScriptSandboxEscapeTest {

    private static final String POLICY_CLASS_TAIL = """
                String id() { 'p' }
                java.util.concurrent.CompletionStage<dev.caravan.api.policy.PolicyDecision> beforeRequest(dev.caravan.api.policy.PolicyRequest r) {
                    java.util.concurrent.CompletableFuture.completedFuture(dev.caravan.api.policy.PolicyDecision.allow('p'))
                }
                void afterResponse(dev.caravan.api.policy.PolicyOutcome o) {}
            }
            """;

    private final ScriptCompiler compiler = new ScriptCompiler(new SandboxRules(List.of(), List.of()));

    @TempDir
    Path tmp;

    /** Compiles (and, if that succeeds, runs) {@code template} with SHELL replaced by a real shell call; returns the refusal. */
    private String refusedWithoutRunning(ScriptKind kind, String template, String... anyOf) {
        Path marker = tmp.resolve("pwned-" + UUID.randomUUID());
        String shell = "['sh', '-c', 'touch " + marker + "'].execute().waitFor()";
        String script = template.replace("SHELL", shell);
        ScriptCompileException e;
        try {
            e = assertThrows(ScriptCompileException.class, () -> tryToRun(kind, script), "sandbox let through: " + script);
        } finally {
            assertFalse(Files.exists(marker), "the escape ran: " + marker + " exists");
        }
        assertTrue(e.getMessage().contains("not allowed"), "not a sandbox refusal: " + e.getMessage());
        assertTrue(java.util.Arrays.stream(anyOf).anyMatch(e.getMessage()::contains),
                "expected the error to mention one of " + List.of(anyOf) + ", got: " + e.getMessage());
        return e.getMessage();
    }

    private String refusedWithoutRunning(String template, String... anyOf) {
        return refusedWithoutRunning(ScriptKind.POLICY, template, anyOf);
    }

    private void tryToRun(ScriptKind kind, String script) throws Exception {
        Class<?> type = compiler.compile(kind, PolicyFolder.sha256(script), script);
        Object instance = type.getDeclaredConstructor().newInstance();
        if (instance instanceof SandboxedScript body) {
            body.run();
        }
        if (instance instanceof RequestPolicy policy) {
            policy.beforeRequest(ScriptFixtures.request("acme"));
        }
        if (instance instanceof PolicyScript dsl && dsl.beforeHandler() != null) {
            dsl.beforeHandler().call(new Object[] {null});
        }
    }

    @Test
    void should_reject_static_initializer_escape() {
        refusedWithoutRunning("class P implements dev.caravan.api.policy.RequestPolicy {\n static { SHELL }\n" + POLICY_CLASS_TAIL, "'execute'");
    }

    @Test
    void should_reject_instance_initializer_escape() {
        refusedWithoutRunning("class P implements dev.caravan.api.policy.RequestPolicy {\n { SHELL }\n" + POLICY_CLASS_TAIL, "'execute'");
    }

    @Test
    void should_reject_static_field_initializer_escape() {
        refusedWithoutRunning("class P implements dev.caravan.api.policy.RequestPolicy {\n static final Object X = SHELL\n" + POLICY_CLASS_TAIL,
                "'execute'", "field 'X'");
    }

    @Test
    void should_reject_instance_field_initializer_escape() {
        refusedWithoutRunning("class P implements dev.caravan.api.policy.RequestPolicy {\n final Object x = SHELL\n" + POLICY_CLASS_TAIL,
                "'execute'", "field 'x'");
    }

    @Test
    void should_reject_constructor_escape() {
        refusedWithoutRunning("class P implements dev.caravan.api.policy.RequestPolicy {\n P() { SHELL }\n" + POLICY_CLASS_TAIL, "'execute'");
    }

    @Test
    void should_reject_default_parameter_value_escape() {
        refusedWithoutRunning("def helper(x = SHELL) { x }\nhelper()\nbeforeRequest { allow() }", "'execute'");
    }

    @Test
    void should_reject_anonymous_inner_class_escape() {
        refusedWithoutRunning("def o = new Object() { String toString() { SHELL; 'x' } }\nbeforeRequest { allow(o.toString()) }", "'execute'");
    }

    @Test
    void should_reject_inner_class_escape() {
        refusedWithoutRunning("class Helper { static run2() { SHELL } }\nHelper.run2()\nbeforeRequest { allow() }", "'execute'");
    }

    @Test
    void should_reject_enum_escape() {
        refusedWithoutRunning("enum Tier { GOLD; static { SHELL } }\nbeforeRequest { allow(Tier.GOLD.name()) }", "'execute'", "java.lang.Enum");
    }

    @Test
    void should_reject_trait_escape() {
        refusedWithoutRunning("trait T { def go() { SHELL } }\nclass C implements T {}\nnew C().go()\nbeforeRequest { allow() }", "'execute'", "GeneratedGroovyProxy");
    }

    @Test
    void should_reject_closure_delegate_escape() {
        // The closure's unqualified call would go to whatever delegate it is given.
        refusedWithoutRunning("beforeRequest { req -> def c = { -> waitFor() }; c.delegate = ['sh', '-c', 'x']; c.resolveStrategy = 1; c(); SHELL; allow() }",
                "'delegate'", "'resolveStrategy'");
    }

    @Test
    void should_reject_closure_owner_escape() {
        refusedWithoutRunning("beforeRequest { req -> def c = { -> owner }; c().binding; SHELL; allow() }", "'owner'");
    }

    @Test
    void should_reject_implicit_delegate_variable_escape() {
        refusedWithoutRunning("beforeRequest { req -> [1].each { delegate.toString() }; SHELL; allow() }", "'delegate'");
    }

    @Test
    void should_reject_this_object_meta_class_escape() {
        refusedWithoutRunning("beforeRequest { req -> thisObject.metaClass; SHELL; allow() }", "'thisObject'", "'metaClass'");
    }

    @Test
    void should_reject_this_class_class_loader_escape() {
        refusedWithoutRunning("beforeRequest { req -> this.class.classLoader.loadClass('java.lang.Runtime'); SHELL; allow() }", "'class'", "'classLoader'", "'loadClass'");
    }

    @Test
    void should_reject_method_pointer_escape() {
        refusedWithoutRunning("beforeRequest { req -> def p = ['sh', '-c', 'x'].&execute; p(); allow() }\nSHELL", "'execute'");
    }

    @Test
    void should_reject_spread_operator_escape() {
        refusedWithoutRunning("beforeRequest { req -> [['sh', '-c', 'x']]*.execute(); allow() }\nSHELL", "'execute'");
    }

    @Test
    void should_reject_gstring_method_name_escape() {
        refusedWithoutRunning("beforeRequest { req -> def m = 'exe' + 'cute'; ['sh'].\"${m}\"(); allow() }\nSHELL", "computed method name");
    }

    @Test
    void should_reject_invoke_method_by_name_escape() {
        refusedWithoutRunning("beforeRequest { req -> ['sh'].invokeMethod('execute', null); allow() }\nSHELL", "'invokeMethod'");
    }

    @Test
    void should_reject_throwable_catch_escape() {
        refusedWithoutRunning("beforeRequest { req -> try { SHELL } catch (Throwable t) { }; allow() }", "java.lang.Throwable", "'execute'");
    }

    @Test
    void should_reject_completable_future_join_escape() {
        refusedWithoutRunning("import java.util.concurrent.CompletableFuture\nbeforeRequest { req -> new CompletableFuture().join(); allow() }\nSHELL",
                "new CompletableFuture()");
    }

    @Test
    void should_reject_completable_future_any_of_join_escape() {
        refusedWithoutRunning("import java.util.concurrent.CompletableFuture\nbeforeRequest { req -> CompletableFuture.anyOf().join(); allow() }\nSHELL",
                "'anyOf'");
    }

    @Test
    void should_reject_synchronized_wait_escape() {
        refusedWithoutRunning("def lock = 'x'\nbeforeRequest { req -> synchronized (lock) { lock.wait() }; allow() }\nSHELL", "synchronized", "'wait'");
    }

    @Test
    void should_reject_static_list_growth_in_a_class() {
        refusedWithoutRunning("class P implements dev.caravan.api.policy.RequestPolicy {\n static List seen = []\n"
                + "  def grow() { seen << new byte[20 * 1024 * 1024]; SHELL }\n" + POLICY_CLASS_TAIL, "field 'seen'", "'execute'");
    }

    @Test
    void should_reject_instance_state_growth_in_a_class() {
        refusedWithoutRunning("class P implements dev.caravan.api.policy.RequestPolicy {\n final List seen = []\n"
                + "  def grow() { seen << 'x' * 20_000_000; SHELL }\n" + POLICY_CLASS_TAIL, "field 'seen'", "'execute'");
    }

    @Test
    void should_reject_captured_variable_reassignment_growth() {
        refusedWithoutRunning("def seen = []\nbeforeRequest { req -> seen = seen + ['x' * 20_000_000]; allow() }\nSHELL", "assigning 'seen'");
    }

    @Test
    void should_reject_captured_counter_increment() {
        refusedWithoutRunning("def count = 0\nbeforeRequest { req -> count++; allow() }\nSHELL", "assigning 'count'");
    }

    @Test
    void should_reject_stack_trace_leak() {
        refusedWithoutRunning("beforeRequest { req -> try { req.nothing.deeper } catch (Exception e) { return deny(e.stackTrace.toString()) }; allow() }\nSHELL",
                "'stackTrace'");
    }

    @Test
    void should_reject_cause_chain_leak() {
        refusedWithoutRunning("beforeRequest { req -> try { req.nothing.deeper } catch (Exception e) { return deny(\"${e.cause}\") }; allow() }\nSHELL",
                "'cause'");
    }

    @Test
    void should_reject_memoize_cache_growth() {
        refusedWithoutRunning("def f = { x -> x * 2 }.memoize()\nbeforeRequest { req -> f(req.alias); allow() }\nSHELL", "'memoize'");
    }

    @Test
    void should_reject_static_initializer_escape_in_a_guardrail_script() {
        refusedWithoutRunning(ScriptKind.GUARDRAIL, "enum E { A; static { SHELL } }\ncheck { input -> pass() }", "'execute'", "java.lang.Enum");
    }

    @Test
    void should_reject_constructor_escape_in_a_guardrail_script() {
        refusedWithoutRunning(ScriptKind.GUARDRAIL, "class H { H() { SHELL } }\nnew H()\ncheck { input -> pass() }", "'execute'", "InvokerHelper");
    }
}
