package dev.caravan.platform.policy.script;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.Set;
import org.codehaus.groovy.ast.ClassNode;
import org.codehaus.groovy.ast.FieldNode;
import org.codehaus.groovy.ast.GroovyCodeVisitor;
import org.codehaus.groovy.ast.InnerClassNode;
import org.codehaus.groovy.ast.MethodNode;
import org.codehaus.groovy.ast.Parameter;
import org.codehaus.groovy.ast.PropertyNode;
import org.codehaus.groovy.ast.expr.ConstantExpression;
import org.codehaus.groovy.ast.expr.Expression;
import org.codehaus.groovy.ast.stmt.Statement;

/**
 * Hands every piece of code a script's classes carry to the securing visitor: Groovy's
 * {@code SecureASTCustomizer} only visits the script body and the methods of other classes, so
 * static and instance initializer blocks, field and property initializers, constructors, default
 * parameter values and inner or anonymous classes ran unchecked (a {@code static { 'id'.execute() }}
 * block ran at class initialisation). It also refuses fields that would keep state across requests:
 * a field must be {@code final} with a constant value (a number, string, boolean) or no value.
 */
final class DeclaredClassWalker {

    private final GroovyCodeVisitor securing;
    private final java.util.function.Consumer<ClassNode> declarations;
    private final Set<ClassNode> walked = Collections.newSetFromMap(new IdentityHashMap<>());

    DeclaredClassWalker(GroovyCodeVisitor securing, java.util.function.Consumer<ClassNode> declarations) {
        this.securing = securing;
        this.declarations = declarations;
    }

    void walk(ClassNode type) {
        if (!walked.add(type)) {
            return;
        }
        declarations.accept(type);
        for (FieldNode field : type.getFields()) {
            checkRetention(type, field);
            visit(field.getInitialExpression());
        }
        for (PropertyNode property : type.getProperties()) {
            visit(property.getGetterBlock());
            visit(property.getSetterBlock());
        }
        type.getDeclaredConstructors().forEach(this::visit);
        for (MethodNode method : type.getMethods()) {
            if (!generatedScriptMain(type, method)) {
                visit(method);
            }
        }
        type.getObjectInitializerStatements().forEach(this::visit);
        for (Iterator<InnerClassNode> inner = type.getInnerClasses(); inner.hasNext(); ) {
            walk(inner.next());
        }
    }

    /** The script class's {@code main(String[])} is written by the compiler (it calls InvokerHelper.runScript), not by the script. */
    private static boolean generatedScriptMain(ClassNode type, MethodNode method) {
        // A method whose only statement is that call is harmless whoever wrote it: it runs the script itself.
        return type.isScript() && method.getName().equals("main") && method.getCode() != null
                && GENERATED_MAIN.matcher(method.getCode().getText()).matches();
    }

    private static final java.util.regex.Pattern GENERATED_MAIN = java.util.regex.Pattern.compile(
            "\\{?\\s*(return\\s+)?org\\.codehaus\\.groovy\\.runtime\\.InvokerHelper\\.runScript\\(\\s*[\\w.$]+\\s*,\\s*args\\s*\\)\\s*;?\\s*\\}?");

    private void visit(MethodNode method) {
        visit(method.getCode());
        for (Parameter parameter : method.getParameters()) {
            if (parameter.hasInitialExpression()) {
                visit(parameter.getInitialExpression());
            }
        }
    }

    private void visit(Statement code) {
        if (code != null) {
            code.visit(securing);
        }
    }

    private void visit(Expression expression) {
        if (expression != null) {
            expression.visit(securing);
        }
    }

    /**
     * A policy object lives as long as its version runs and serves every request, so a mutable
     * field (static or not) is state that grows without bound; a constant is not. Compiler-made
     * fields (no source line, e.g. an enum's {@code $VALUES}, a closure's captured variables) are not the script's.
     */
    private static void checkRetention(ClassNode type, FieldNode field) {
        if (field.getLineNumber() < 1 || field.isSynthetic() || field.isEnum() || field.getName().contains("$")) {
            return;
        }
        Expression value = field.getInitialExpression();
        boolean constant = value == null || value instanceof ConstantExpression;
        if (!field.isFinal() || !constant) {
            throw new SandboxViolation(field.getLineNumber(), "field '" + field.getName() + "' of " + type.getNameWithoutPackage()
                    + " is not allowed: a script keeps no state across requests; fields must be final constants"
                    + " (static final int LIMIT = 8000)");
        }
    }
}
