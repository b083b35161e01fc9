package dev.caravan.platform.policy.script;

import java.util.List;
import java.util.Set;
import org.codehaus.groovy.ast.ClassNode;
import org.codehaus.groovy.ast.FieldNode;
import org.codehaus.groovy.ast.MethodNode;
import org.codehaus.groovy.ast.Parameter;
import org.codehaus.groovy.classgen.GeneratorContext;
import org.codehaus.groovy.control.SourceUnit;
import org.codehaus.groovy.control.customizers.SecureASTCustomizer;

/**
 * Groovy's {@link SecureASTCustomizer} set up for policy scripts: imports only from the class
 * allow-list (star import only of {@code dev.caravan.api.policy.*}, no static imports, no package), a deny-list of receivers for the calls whose
 * receiver is known at compile time ({@code System.exit}, {@code Runtime.getRuntime()}), and
 * {@link SandboxExpressionChecker} for everything else. It also checks what the expression visitor
 * does not see: the types in a script's class declarations (super types, fields, parameters) and
 * method names such as {@code finalize}, which would run outside the time limit.
 */
final class ScriptSandbox extends SecureASTCustomizer {

    static final List<String> DENIED_RECEIVERS = List.of(
            "java.lang.System", "java.lang.Runtime", "java.lang.ProcessBuilder", "java.lang.Process",
            "java.lang.Thread", "java.lang.Class", "java.lang.ClassLoader", "java.lang.reflect.Method",
            "java.io.File", "java.nio.file.Files", "java.nio.file.Paths", "java.nio.file.Path",
            "java.net.URL", "java.net.Socket", "java.net.http.HttpClient", "groovy.lang.GroovyShell",
            "groovy.util.Eval", "groovy.lang.GroovySystem", "groovy.lang.MetaClass");

    private final SandboxExpressionChecker checker;
    private final Class<?> baseClass;
    private DeclaredClassWalker walker; // one per compilation: each class is walked once

    ScriptSandbox(SandboxRules rules, Set<String> scriptClasses, Class<?> baseClass) {
        this.baseClass = baseClass;
        this.checker = new SandboxExpressionChecker(rules, scriptClasses);
        setPackageAllowed(false);
        setIndirectImportCheckEnabled(false); // the checker does it, with a precise message
        setAllowedImports(List.copyOf(rules.allowedClasses()).stream().map(n -> n.replace('$', '.')).toList());
        setAllowedStarImports(List.of("dev.caravan.api.policy.*")); // every class there is allowed
        setAllowedStaticImports(List.of());
        setAllowedStaticStarImports(List.of());
        setDisallowedReceivers(DENIED_RECEIVERS);
        addExpressionCheckers(checker);
        addStatementCheckers(statement -> {
            if (statement instanceof org.codehaus.groovy.ast.stmt.CatchStatement caught) {
                checker.checkType(caught.getVariable().getOriginType(), statement.getLineNumber());
            }
            if (statement instanceof org.codehaus.groovy.ast.stmt.SynchronizedStatement) {
                throw new SandboxViolation(statement.getLineNumber(), "synchronized blocks are not allowed in policy scripts (they block past the time limit)");
            }
            return true;
        });
    }

    @Override
    public void call(SourceUnit source, GeneratorContext context, ClassNode classNode) {
        checkDeclarations(classNode);
        if (classNode.isScript()) {
            MethodNode run = classNode.getMethod("run", Parameter.EMPTY_ARRAY);
            checker.bodyVariables(CapturedAssignments.declaredOutsideClosures(run == null ? null : run.getCode()));
        }
        super.call(source, context, classNode);
        if (walker == null) {
            walker = new DeclaredClassWalker(createGroovyCodeVisitor(), this::checkDeclarations);
        }
        walker.walk(classNode);
    }

    private void checkDeclarations(ClassNode type) {
        int line = type.getLineNumber();
        if (type.isScript() && !type.getSuperClass().getName().equals(baseClass.getName())) {
            throw new SandboxViolation(line, "a script here must extend " + baseClass.getSimpleName()
                    + ", got " + type.getSuperClass().getName());
        }
        if (type.getSuperClass() != null && !type.isScript()) {
            checker.checkType(type.getSuperClass(), line);
        }
        for (ClassNode implemented : type.getInterfaces()) {
            checker.checkType(implemented, line);
        }
        for (FieldNode field : type.getFields()) {
            checker.checkType(field.getOriginType(), field.getLineNumber());
        }
        for (org.codehaus.groovy.ast.ConstructorNode constructor : type.getDeclaredConstructors()) {
            for (Parameter parameter : constructor.getParameters()) {
                checker.checkType(parameter.getOriginType(), constructor.getLineNumber());
            }
        }
        for (MethodNode method : type.getMethods()) {
            if (method.isSynthetic() || (type.isScript() && method.getName().equals("run"))) {
                continue;
            }
            checker.checkName(method.getName(), method.getLineNumber(), "method definition");
            if ((method.getModifiers() & java.lang.reflect.Modifier.SYNCHRONIZED) != 0) {
                throw new SandboxViolation(method.getLineNumber(), "synchronized methods are not allowed in policy scripts (they block past the time limit)");
            }
            checker.checkType(method.getReturnType(), method.getLineNumber());
            for (Parameter parameter : method.getParameters()) {
                checker.checkType(parameter.getOriginType(), method.getLineNumber());
            }
        }
    }
}
