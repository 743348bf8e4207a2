package io.github.jpki4j.testsupport;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The external tools a test class or method needs. Without them the tests are skipped, and the
 * module says so in one line naming the Debian packages; in CI ({@link ExternalTool#required()}) a
 * missing tool fails the tests instead, so that CI still proves everything.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@Inherited
@ExtendWith(RequiresToolsCondition.class)
public @interface RequiresTools {
  ExternalTool[] value();
}
