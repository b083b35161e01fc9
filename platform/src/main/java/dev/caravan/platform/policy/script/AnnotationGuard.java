package dev.caravan.platform.policy.script;

import org.codehaus.groovy.ast.AnnotatedNode;
import org.codehaus.groovy.ast.AnnotationNode;
import org.codehaus.groovy.ast.ClassCodeVisitorSupport;
import org.codehaus.groovy.ast.ClassNode;
import org.codehaus.groovy.ast.ImportNode;
import org.codehaus.groovy.classgen.GeneratorContext;
import org.codehaus.groovy.control.CompilePhase;
import org.codehaus.groovy.control.SourceUnit;
import org.codehaus.groovy.control.customizers.CompilationCustomizer;

/**
 * Refuses every annotation, in the first phase after parsing: annotations trigger AST
 * transformations, and some run code inside the compiler ({@code @ASTTest}) or download jars
 * ({@code @Grab}) before the expression sandbox, which runs later, gets to see the script.
 */
final class AnnotationGuard extends CompilationCustomizer {

    AnnotationGuard() {
        super(CompilePhase.CONVERSION);
    }

    @Override
    public void call(SourceUnit source, GeneratorContext context, ClassNode classNode) {
        for (ImportNode node : source.getAST().getImports()) {
            refuse(node);
        }
        source.getAST().getStarImports().forEach(AnnotationGuard::refuse);
        source.getAST().getStaticImports().values().forEach(AnnotationGuard::refuse);
        source.getAST().getStaticStarImports().values().forEach(AnnotationGuard::refuse);
        if (source.getAST().getPackage() != null) {
            refuse(source.getAST().getPackage());
        }
        new ClassCodeVisitorSupport() {
            @Override
            protected SourceUnit getSourceUnit() {
                return source;
            }

            @Override
            public void visitAnnotations(AnnotatedNode node) {
                refuse(node);
            }
        }.visitClass(classNode);
    }

    private static void refuse(AnnotatedNode node) {
        for (AnnotationNode annotation : node.getAnnotations()) {
            // Only annotations written in the source: the compiler adds its own (@BaseScript, @Generated), without a position.
            if (annotation.getLineNumber() > 0) {
                throw new SandboxViolation(node.getLineNumber(), "annotations (@"
                        + annotation.getClassNode().getNameWithoutPackage() + ") are not allowed in policy scripts");
            }
        }
    }
}
