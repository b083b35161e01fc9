package dev.caravan.platform.policy.script;

import java.util.HashSet;
import java.util.Iterator;
import java.util.Set;
import org.codehaus.groovy.ast.CodeVisitorSupport;
import org.codehaus.groovy.ast.Variable;
import org.codehaus.groovy.ast.expr.BinaryExpression;
import org.codehaus.groovy.ast.expr.ClosureExpression;
import org.codehaus.groovy.ast.expr.Expression;
import org.codehaus.groovy.ast.expr.PostfixExpression;
import org.codehaus.groovy.ast.expr.PrefixExpression;
import org.codehaus.groovy.ast.expr.VariableExpression;
import org.codehaus.groovy.syntax.Types;

/**
 * Refuses a closure that assigns a variable it captured ({@code seen = seen + [req]},
 * {@code count++}): handlers live as long as the script version, so such a variable is state kept
 * across requests. Reading a captured variable is fine; its value is frozen at load ({@link CapturedState}).
 */
final class CapturedAssignments extends CodeVisitorSupport {

    private final Set<String> captured = new HashSet<>();

    private CapturedAssignments(ClosureExpression closure) {
        for (Iterator<Variable> it = closure.getVariableScope().getReferencedLocalVariablesIterator(); it.hasNext(); ) {
            captured.add(it.next().getName());
        }
    }

    static void refuse(ClosureExpression closure) {
        if (closure.getVariableScope() == null || closure.getCode() == null) {
            return;
        }
        CapturedAssignments visitor = new CapturedAssignments(closure);
        if (!visitor.captured.isEmpty()) {
            closure.getCode().visit(visitor);
        }
    }

    @Override
    public void visitBinaryExpression(BinaryExpression expression) {
        if (!(expression instanceof org.codehaus.groovy.ast.expr.DeclarationExpression)
                && Types.ofType(expression.getOperation().getType(), Types.ASSIGNMENT_OPERATOR)) {
            check(expression.getLeftExpression());
        }
        super.visitBinaryExpression(expression);
    }

    @Override
    public void visitPostfixExpression(PostfixExpression expression) {
        check(expression.getExpression());
        super.visitPostfixExpression(expression);
    }

    @Override
    public void visitPrefixExpression(PrefixExpression expression) {
        check(expression.getExpression());
        super.visitPrefixExpression(expression);
    }

    private void check(Expression target) {
        if (target instanceof VariableExpression variable && captured.contains(variable.getName())) {
            throw new SandboxViolation(target.getLineNumber(), "assigning '" + variable.getName()
                    + "' inside a closure is not allowed: it is a variable of the script body, and a script keeps no state across requests");
        }
    }
}
