package io.talkmesh.common.operation;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A request component read from the query, not the body: the parameter of the component's name in snake_case, or
 * the operation's {@code page_size}/{@code page_token} for a {@link io.talkmesh.common.json.PageRequest}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface FromQuery {
}
