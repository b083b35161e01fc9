package dev.caravan.platform.policy.script;

import java.util.Set;
import org.codehaus.groovy.ast.ClassHelper;
import org.codehaus.groovy.ast.ClassNode;
import org.codehaus.groovy.ast.Parameter;
import org.codehaus.groovy.ast.expr.ArrayExpression;
import org.codehaus.groovy.ast.expr.AttributeExpression;
import org.codehaus.groovy.ast.expr.BinaryExpression;
import org.codehaus.groovy.ast.expr.CastExpression;
import org.codehaus.groovy.ast.expr.ClassExpression;
import org.codehaus.groovy.ast.expr.ClosureExpression;
import org.codehaus.groovy.ast.expr.ConstantExpression;
import org.codehaus.groovy.ast.expr.ConstructorCallExpression;
import org.codehaus.groovy.ast.expr.DeclarationExpression;
import org.codehaus.groovy.ast.expr.Expression;
import org.codehaus.groovy.ast.expr.MethodCallExpression;
import org.codehaus.groovy.ast.expr.MethodPointerExpression;
import org.codehaus.groovy.ast.expr.PropertyExpression;
import org.codehaus.groovy.ast.expr.StaticMethodCallExpression;
import org.codehaus.groovy.ast.expr.VariableExpression;
import org.codehaus.groovy.control.customizers.SecureASTCustomizer;
import org.codehaus.groovy.syntax.Types;

/**
 * Checks each expression of a script against {@link SandboxRules}: classes it names, method and
 * property names it uses, and no dynamic names ({@code obj."$name"()}, {@code obj[key]} with a
 * computed key, {@code obj.@field}) since a computed name could be any denied one. Throws
 * {@link SandboxViolation} with the line and the reason instead of answering false, so the
 * operator reads exactly what was refused.
 */
final class SandboxExpressionChecker implements SecureASTCustomizer.ExpressionChecker {

    private final SandboxRules rules;
    private final Set<String> scriptClasses;
    private volatile Set<String> bodyVariables = Set.of();

    /** The variables the script body declares outside closures: the state a handler could keep. */
    void bodyVariables(Set<String> names) {
        this.bodyVariables = Set.copyOf(names);
    }

    SandboxExpressionChecker(SandboxRules rules, Set<String> scriptClasses) {
        this.rules = rules;
        this.scriptClasses = scriptClasses;
    }

    @Override
    public boolean isAuthorized(Expression e) {
        if (e instanceof AttributeExpression) {
            throw new SandboxViolation(e.getLineNumber(), "direct field access (.@) is not allowed");
        }
        if (e instanceof MethodCallExpression call) {
            checkName(call.getMethod(), "method");
            if (call.getObjectExpression() instanceof ClassExpression owner) {
                checkStaticOnly(owner.getType(), call.getMethodAsString(), e.getLineNumber());
            }
        } else if (e instanceof VariableExpression variable) {
            checkVariable(variable);
        } else if (e instanceof StaticMethodCallExpression call) {
            checkType(call.getOwnerType(), e);
            checkName(call.getMethod(), e.getLineNumber(), "method");
            checkStaticOnly(call.getOwnerType(), call.getMethod(), e.getLineNumber());
        } else if (e instanceof PropertyExpression property) {
            checkName(property.getProperty(), "property");
        } else if (e instanceof MethodPointerExpression pointer) {
            checkName(pointer.getMethodName(), "method");
        } else if (e instanceof ClassExpression || e instanceof CastExpression || e instanceof ArrayExpression) {
            checkType(e instanceof ArrayExpression array ? array.getElementType() : e.getType(), e);
        } else if (e instanceof ConstructorCallExpression call && !call.isSpecialCall()) {
            checkType(call.getType(), e);
            if (SandboxRules.STATIC_ONLY.containsKey(call.getType().redirect().getName())) {
                throw new SandboxViolation(e.getLineNumber(), "new " + call.getType().getNameWithoutPackage()
                        + "() is not allowed in policy scripts; use " + call.getType().getNameWithoutPackage() + ".completedFuture(value)");
            }
        } else if (e instanceof DeclarationExpression declaration && !declaration.isMultipleAssignmentDeclaration()) {
            checkType(declaration.getVariableExpression().getOriginType(), e);
        } else if (e instanceof ClosureExpression closure) {
            if (closure.getParameters() != null) {
                for (Parameter parameter : closure.getParameters()) {
                    checkType(parameter.getOriginType(), e);
                }
            }
            CapturedAssignments.refuse(closure, bodyVariables);
        } else if (e instanceof BinaryExpression binary && binary.getOperation().getType() == Types.LEFT_SQUARE_BRACKET) {
            checkSubscript(binary);
        }
        return true;
    }

    void checkType(ClassNode type, Expression at) {
        checkType(type, at.getLineNumber());
    }

    void checkType(ClassNode type, int line) {
        ClassNode t = type;
        while (t.isArray()) {
            t = t.getComponentType();
        }
        String name = t.redirect().getName();
        if (ClassHelper.isPrimitiveType(t) || ClassHelper.isPrimitiveVoid(t) || scriptClasses.contains(name) || rules.classAllowed(name)) {
            return;
        }
        throw new SandboxViolation(line, "class " + name + " is not allowed in policy scripts"
                + " (an operator may add it to policies.sandbox.allow_classes)");
    }

    private void checkName(Expression name, String kind) {
        if (!(name instanceof ConstantExpression constant) || !(constant.getValue() instanceof String text)) {
            throw new SandboxViolation(name.getLineNumber(), "a computed " + kind + " name is not allowed; name the " + kind + " literally");
        }
        checkName(text, name.getLineNumber(), kind);
    }

    void checkName(String name, int line, String kind) {
        if (rules.nameDenied(name)) {
            throw new SandboxViolation(line, kind + " '" + name + "' is not allowed in policy scripts");
        }
    }

    private static void checkStaticOnly(ClassNode owner, String method, int line) {
        Set<String> allowed = SandboxRules.STATIC_ONLY.get(owner.redirect().getName());
        if (allowed != null && (method == null || !allowed.contains(method))) {
            throw new SandboxViolation(line, "method '" + method + "' of " + owner.getNameWithoutPackage()
                    + " is not allowed in policy scripts (only " + new java.util.TreeSet<>(allowed) + ")");
        }
    }

    /**
     * An unqualified name that is not a local variable or parameter resolves on the script object or,
     * in a closure, on its owner or delegate: {@code delegate}, {@code owner}, {@code binding},
     * {@code metaClass} and the like reach the objects the denied names protect.
     */
    private void checkVariable(VariableExpression variable) {
        if (variable.isThisExpression() || variable.isSuperExpression()) {
            return;
        }
        org.codehaus.groovy.ast.Variable target = variable.getAccessedVariable();
        boolean local = target instanceof VariableExpression || target instanceof Parameter;
        if (!local) {
            checkName(variable.getName(), variable.getLineNumber(), "property");
        }
    }

    private void checkSubscript(BinaryExpression binary) {
        Expression key = binary.getRightExpression();
        if (!(key instanceof ConstantExpression constant)) {
            throw new SandboxViolation(binary.getLineNumber(),
                    "a computed subscript (x[key]) is not allowed; use map.get(key) or list.get(index)");
        }
        if (constant.getValue() instanceof String text) {
            checkName(text, binary.getLineNumber(), "property");
        }
    }
}
