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

    private CapturedAssignments(ClosureExpression closure, Set<String> bodyVariables) {
        for (Iterator<Variable> it = closure.getVariableScope().getReferencedLocalVariablesIterator(); it.hasNext(); ) {
            String name = it.next().getName();
            // Only the script body's variables outlive a request; one declared in an enclosing
            // closure (a helper's running sum) is new on every call.
            if (bodyVariables.contains(name)) {
                captured.add(name);
            }
        }
    }

    /** @param bodyVariables the variables the script body declares outside any closure */
    static void refuse(ClosureExpression closure, Set<String> bodyVariables) {
        if (closure.getVariableScope() == null || closure.getCode() == null) {
            return;
        }
        CapturedAssignments visitor = new CapturedAssignments(closure, bodyVariables);
        if (!visitor.captured.isEmpty()) {
            closure.getCode().visit(visitor);
        }
    }

    /** The variables {@code code} declares outside any closure. */
    static Set<String> declaredOutsideClosures(org.codehaus.groovy.ast.stmt.Statement code) {
        Set<String> names = new HashSet<>();
        if (code != null) {
            code.visit(new CodeVisitorSupport() {
                @Override
                public void visitClosureExpression(ClosureExpression expression) {
                    // a closure's own variables are new on each call
                }

                @Override
                public void visitDeclarationExpression(org.codehaus.groovy.ast.expr.DeclarationExpression expression) {
                    if (expression.isMultipleAssignmentDeclaration()) {
                        expression.getTupleExpression().getExpressions().forEach(v -> names.add(((VariableExpression) v).getName()));
                    } else {
                        names.add(expression.getVariableExpression().getName());
                    }
                    super.visitDeclarationExpression(expression);
                }
            });
        }
        return names;
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
