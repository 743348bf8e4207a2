package io.github.jpki4j.testsupport;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/** Skips (or, in CI, fails) what {@link RequiresTools} names when a tool is missing. */
public final class RequiresToolsCondition implements ExecutionCondition {
  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    Set<ExternalTool> wanted = new LinkedHashSet<>();
    context
        .getElement()
        .flatMap(e -> AnnotationSupport.findAnnotation(e, RequiresTools.class))
        .ifPresent(a -> wanted.addAll(List.of(a.value())));
    List<ExternalTool> missing = new ArrayList<>();
    for (ExternalTool t : wanted) {
      if (t.find().isEmpty()) {
        missing.add(t);
      }
    }
    if (missing.isEmpty()) {
      return ConditionEvaluationResult.enabled("the tools it needs are here");
    }
    String reason = SkipReport.missing(missing);
    if (ExternalTool.required()) {
      throw new AssertionError("CI must run every test, but " + reason);
    }
    SkipReport.record(context.getUniqueId(), missing);
    return ConditionEvaluationResult.disabled(reason);
  }

  /**
   * For tests that find a condition only at run time (another pcscd already running): skips the
   * test with the reason, or fails it in CI.
   */
  public static void skipOrFail(String reason) {
    if (ExternalTool.required()) {
      throw new AssertionError("CI must run every test, but " + reason);
    }
    SkipReport.record(reason);
    org.junit.jupiter.api.Assumptions.abort(reason);
  }
}
