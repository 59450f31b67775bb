package ovload.ci;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.codehaus.groovy.ast.ASTNode;
import org.codehaus.groovy.ast.CodeVisitorSupport;
import org.codehaus.groovy.ast.builder.AstBuilder;
import org.codehaus.groovy.ast.expr.BinaryExpression;
import org.codehaus.groovy.ast.expr.ConstantExpression;
import org.codehaus.groovy.ast.expr.Expression;
import org.codehaus.groovy.ast.expr.GStringExpression;
import org.codehaus.groovy.ast.expr.MapEntryExpression;
import org.codehaus.groovy.ast.expr.MapExpression;
import org.codehaus.groovy.ast.expr.MethodCallExpression;
import org.codehaus.groovy.ast.expr.TupleExpression;
import org.codehaus.groovy.ast.expr.VariableExpression;
import org.codehaus.groovy.ast.stmt.BlockStatement;
import org.codehaus.groovy.control.CompilePhase;

/**
 * The Jenkinsfile's steps as Groovy's parser reads them: each step's named arguments (a nested map
 * flattened to {@code target.reportDir}), the environment's assignments, and {@code ${env.NAME}}
 * expanded as Jenkins expands it, so a test can resolve the very patterns Jenkins would.
 */
record PipelineSteps(Map<String, List<Map<String, String>>> steps, Map<String, String> assignments) {
  private static final Pattern ENV = Pattern.compile("\\$\\{env\\.(\\w+)}");

  static PipelineSteps parse(Path jenkinsfile) throws Exception {
    Map<String, List<Map<String, String>>> steps = new LinkedHashMap<>();
    Map<String, String> assignments = new LinkedHashMap<>();
    CodeVisitorSupport visitor = new CodeVisitorSupport() {
      @Override
      public void visitMethodCallExpression(MethodCallExpression call) {
        Map<String, String> named = new LinkedHashMap<>();
        if (call.getArguments() instanceof TupleExpression tuple) {
          for (Expression argument : tuple.getExpressions()) {
            if (argument instanceof MapExpression map) {
              flatten("", map, named);
            } else if (argument instanceof ConstantExpression || argument instanceof GStringExpression) {
              named.put("", text(argument));
            }
          }
        }
        steps.computeIfAbsent(call.getMethodAsString(), k -> new ArrayList<>()).add(named);
        super.visitMethodCallExpression(call);
      }

      @Override
      public void visitBinaryExpression(BinaryExpression expression) {
        if (expression.getOperation().getText().equals("=") && expression.getLeftExpression() instanceof VariableExpression variable) {
          assignments.put(variable.getName(), text(expression.getRightExpression()));
        }
        super.visitBinaryExpression(expression);
      }
    };
    for (ASTNode node : new AstBuilder().buildFromString(CompilePhase.CONVERSION, true, Files.readString(jenkinsfile))) {
      if (node instanceof BlockStatement block) {
        block.visit(visitor);
      }
    }
    return new PipelineSteps(steps, assignments);
  }

  private static void flatten(String prefix, MapExpression map, Map<String, String> into) {
    for (MapEntryExpression entry : map.getMapEntryExpressions()) {
      String key = prefix + entry.getKeyExpression().getText();
      if (entry.getValueExpression() instanceof MapExpression nested) {
        flatten(key + ".", nested, into);
      } else {
        into.put(key, text(entry.getValueExpression()));
      }
    }
  }

  private static String text(Expression expression) {
    if (expression instanceof GStringExpression gstring) {
      return gstring.getText();
    }
    return expression instanceof ConstantExpression constant ? String.valueOf(constant.getValue()) : expression.getText();
  }

  /** The one call of this step; a second would leave it open which one a test reads. */
  Map<String, String> step(String name) {
    List<Map<String, String>> calls = steps.getOrDefault(name, List.of());
    if (calls.size() != 1) {
      throw new AssertionError("expected one " + name + " step, found " + calls.size());
    }
    return calls.get(0);
  }

  /** The argument with {@code ${env.X}} expanded from {@code env}, then from the pipeline's environment block. */
  String resolve(String value, Map<String, String> env) {
    Matcher m = ENV.matcher(value);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = m.group(1);
      String replacement = env.containsKey(name) ? env.get(name) : resolve(assignments.get(name), env);
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    return m.appendTail(out).toString();
  }
}
