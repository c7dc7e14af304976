package io.talkmesh.common.operation;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One talk-manager operation, defined once (in {@link Operations}) and used by every side: talk-manager binds a
 * handler to it, the typed client calls it, the gateway's public routes name it, the public documents are checked
 * against it.
 *
 * <p>Its request type is a record implementing {@link Request}, decoded in one place ({@code static from(OperationInput)},
 * passed here as {@code decode}). Each record component in camelCase is the body field of the same name in
 * snake_case ({@code parentId} is {@code parent_id}), unless it is marked {@link FromPath} (a path placeholder) or
 * {@link FromQuery} (a query parameter; a {@code PageRequest} component stands for {@code page_size} and
 * {@code page_token}); a document checker reads the body fields that way from {@code requestType}.
 *
 * @param name        stable identifier, e.g. {@code messages.send}
 * @param method      HTTP-style method of the RPC envelope
 * @param path        RPC path template, {@code {name}} placeholders (e.g. {@code /v1/messages/{id}})
 * @param query       the query parameters it reads
 * @param body        whether it reads a JSON body
 * @param caller      who may call it
 * @param requestType the type its input is decoded into
 * @param decode      the one place its input is decoded (400 naming the field on bad input)
 * @param response    how its response is encoded and decoded
 * @param summary     one line for the documents
 */
public record Operation<Q, R>(String name, String method, String path, List<Param> query, boolean body, Caller caller,
                              Class<Q> requestType, Function<OperationInput, Q> decode, Codec<R> response,
                              String summary) {

  /** The RPC URI of this operation with its placeholders filled and the query appended (values URL-encoded). */
  public String uri(Map<String, String> pathParams, Map<String, String> queryParams) {
    String uri = path;
    for (Map.Entry<String, String> e : pathParams.entrySet()) {
      uri = uri.replace("{" + e.getKey() + "}", e.getValue());
    }
    StringBuilder q = new StringBuilder();
    for (Map.Entry<String, String> e : queryParams.entrySet()) {
      if (e.getValue() == null) {
        continue;
      }
      q.append(q.length() == 0 ? '?' : '&').append(e.getKey()).append('=')
          .append(io.talkmesh.common.rpc.RpcRequest.encode(e.getValue()));
    }
    return uri + q;
  }

  /** The names of this operation's path parameters, in template order. */
  public List<String> pathParams() {
    return java.util.regex.Pattern.compile("\\{(\\w+)}").matcher(path).results().map(m -> m.group(1)).toList();
  }
}
