package io.talkmesh.common.operation;

import java.util.function.Function;

/**
 * How an operation's response travels: {@code schema} names its shape in the public documents (e.g. {@code Message},
 * {@code Page<Message>}), {@code encode} turns the value into RPC data, {@code decode} turns RPC data back.
 */
public record Codec<R>(String schema, Function<R, Object> encode, Function<Object, R> decode) {
  public Object encodeValue(Object value) {
    @SuppressWarnings("unchecked")
    R typed = (R) value;
    return encode.apply(typed);
  }
}
