package dev.caravan.platform.policy.script;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import groovy.lang.GroovyClassLoader;
import groovy.lang.GroovyCodeSource;
import groovy.transform.ThreadInterrupt;
import java.util.HashSet;
import java.util.Set;
import org.codehaus.groovy.ast.ClassNode;
import org.codehaus.groovy.control.CompilationFailedException;
import org.codehaus.groovy.control.CompilePhase;
import org.codehaus.groovy.control.CompilerConfiguration;
import org.codehaus.groovy.control.MultipleCompilationErrorsException;
import org.codehaus.groovy.control.customizers.ASTTransformationCustomizer;
import org.codehaus.groovy.control.customizers.CompilationCustomizer;
import org.codehaus.groovy.control.messages.ExceptionMessage;
import org.codehaus.groovy.control.messages.Message;
import org.codehaus.groovy.control.messages.SyntaxErrorMessage;

/**
 * Compiles policy scripts inside the sandbox, once per source hash: a file saved again unchanged,
 * or the same script in two tenants' folders, reuses the compiled class. Each script gets its own
 * class loader so a replaced version can be unloaded once nothing uses it.
 */
final class ScriptCompiler {

    private final SandboxRules rules;
    private final Cache<String, Class<?>> compiled = Caffeine.newBuilder().maximumSize(512).build();

    ScriptCompiler(SandboxRules rules) {
        this.rules = rules;
    }

    /** The policy script's main class; throws {@link ScriptCompileException} with a message for the operator. */
    Class<?> compile(String hash, String text) {
        return compile(ScriptKind.POLICY, hash, text);
    }

    /** The main class of a script of {@code kind}: the same text in another folder is another script (another DSL). */
    Class<?> compile(ScriptKind kind, String hash, String text) {
        return compiled.get(kind.name() + ":" + hash, k -> doCompile(kind, hash, text));
    }

    long compiledCount() {
        return compiled.estimatedSize();
    }

    private Class<?> doCompile(ScriptKind kind, String hash, String text) {
        CompilerConfiguration config = new CompilerConfiguration();
        config.setScriptBaseClass(kind.baseClass().getName());
        config.setDisabledGlobalASTTransformations(Set.of("groovy.grape.GrabAnnotationTransformation"));
        config.addCompilationCustomizers(new AnnotationGuard(), new DeclaredClasses(kind.baseClass()),
                new ASTTransformationCustomizer(ThreadInterrupt.class));
        GroovyClassLoader loader = new GroovyClassLoader(ScriptCompiler.class.getClassLoader(), config);
        try {
            Class<?> main = loader.parseClass(new GroovyCodeSource(text, kind.classPrefix() + hash.substring(0, 16) + ".groovy", "/caravan/policies"));
            // Build the meta classes of the script and its closures now, on the reload thread, not
            // within the first request's time limit.
            for (Class<?> type : loader.getLoadedClasses()) {
                org.codehaus.groovy.runtime.InvokerHelper.getMetaClass(type);
            }
            return main;
        } catch (CompilationFailedException e) {
            throw new ScriptCompileException(describe(e), e);
        } catch (SandboxViolation e) {
            throw new ScriptCompileException(e.getMessage(), e);
        }
    }

    /**
     * Adds the sandbox once the classes of the script are known, so classes the script declares
     * itself may be named; runs right before the sandbox in the same phase.
     */
    private final class DeclaredClasses extends CompilationCustomizer {
        private final Class<?> baseClass;
        private ScriptSandbox sandbox;

        DeclaredClasses(Class<?> baseClass) {
            super(CompilePhase.CANONICALIZATION);
            this.baseClass = baseClass;
        }

        @Override
        public void call(org.codehaus.groovy.control.SourceUnit source, org.codehaus.groovy.classgen.GeneratorContext context,
                ClassNode classNode) {
            if (sandbox == null) {
                Set<String> declared = new HashSet<>();
                source.getAST().getClasses().forEach(c -> declared.add(c.getName()));
                sandbox = new ScriptSandbox(rules, declared, baseClass);
            }
            sandbox.call(source, context, classNode);
        }
    }

    /** The first error, as "line N: reason", without the generated class name. */
    static String describe(CompilationFailedException e) {
        if (e instanceof MultipleCompilationErrorsException multiple && multiple.getErrorCollector().getErrorCount() > 0) {
            Message first = multiple.getErrorCollector().getError(0);
            if (first instanceof SyntaxErrorMessage syntax) {
                return "line " + syntax.getCause().getLine() + ": " + syntax.getCause().getOriginalMessage();
            }
            if (first instanceof ExceptionMessage exception) {
                Throwable cause = exception.getCause();
                return cause instanceof SandboxViolation ? cause.getMessage() : cause.toString();
            }
        }
        return e.getMessage().replaceAll("(Policy|Guardrail|Stage|Redactor|Budget|Provider)_[0-9a-f]+\\.groovy: ?", "");
    }

    /** A script that cannot be used: syntax error, sandbox violation, unknown class. */
    static final class ScriptCompileException extends RuntimeException {
        ScriptCompileException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
