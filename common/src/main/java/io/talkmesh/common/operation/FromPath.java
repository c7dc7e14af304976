package io.talkmesh.common.operation;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** A request component read from a path placeholder, not the body ({@link Operation} explains the mapping). */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface FromPath {
  /** The placeholder's name; "" for the component's name in snake_case. */
  String value() default "";
}
