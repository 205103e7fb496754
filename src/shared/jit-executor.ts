import type { ApolloServerOptionsWithGateway, BaseContext } from "@apollo/server";
import { type DocumentNode, type ExecutionResult, GraphQLError, type GraphQLSchema, type OperationDefinitionNode, printSchema } from "graphql";
import { getVariableValues } from "graphql/execution/values";
import { compileQuery, isCompiledQuery, type CompiledQuery } from "graphql-jit";

type GatewayInterface = ApolloServerOptionsWithGateway<BaseContext>["gateway"];
type GatewayExecutor = NonNullable<Awaited<ReturnType<GatewayInterface["load"]>>["executor"]>;

/**
 * Executes operations with graphql-jit instead of graphql-js: each (document, operation) is
 * compiled once into a JavaScript function that walks exactly the fields it selects, so a request
 * no longer pays graphql-js's generic per-field work (a `GraphQLResolveInfo`, a path and a
 * completion step per field, a promise per object). Resolvers, scalars, type resolution, errors
 * and their paths are the schema's own; parsing, validation and every Apollo plugin hook around
 * execution run as before.
 *
 * Apollo Server 4+ has no `executor` option; its documented replacement is a `gateway` whose
 * `load()` returns the executor — this is one, serving a fixed schema. Compiled operations are
 * kept per parsed document (a WeakMap: Apollo's document store keeps one DocumentNode per query
 * text, and evicts them; a compiled operation goes with its document).
 */
export function jitGateway(schema: GraphQLSchema): GatewayInterface {
  const compiled = new WeakMap<DocumentNode, Map<string, CompiledQuery | ExecutionResult>>();
  const compile = (document: DocumentNode, operationName: string | undefined): CompiledQuery | ExecutionResult => {
    let perDocument = compiled.get(document);
    if (!perDocument) compiled.set(document, (perDocument = new Map()));
    const key = operationName ?? "";
    let entry = perDocument.get(key);
    if (!entry) perDocument.set(key, (entry = compileQuery(schema, document, operationName, { disablingCapturingStackErrors: true })));
    return entry;
  };
  const executor: GatewayExecutor = async (rc) => {
    const variables = rc.request.variables ?? {};
    // Variables are coerced by graphql-js first, so that invalid ones fail exactly as with
    // graphql-js's execute (same messages, the variable definition as node: Apollo then labels
    // them BAD_USER_INPUT and formatError scrubs the submitted value).
    const operation = rc.operation as OperationDefinitionNode | undefined;
    if (operation?.variableDefinitions?.length) {
      const coerced = getVariableValues(schema, operation.variableDefinitions, variables, { maxErrors: 50 });
      if (coerced.errors) return { errors: coerced.errors } as never;
    }
    const query = compile(rc.document, rc.operationName ?? undefined);
    if (!isCompiledQuery(query)) return query as never;
    const result = await query.query(undefined, rc.context, variables);
    if (result.errors) (result as { errors: GraphQLError[] }).errors = (result.errors as readonly JitError[]).map(asGraphQLError);
    return result as never;
  };
  return {
    async load() {
      return { executor };
    },
    onSchemaLoadOrUpdate(callback) {
      callback({ apiSchema: schema, coreSupergraphSdl: printSchema(schema) });
      return () => {};
    },
    async stop() {},
  };
}

/**
 * graphql-jit reports field errors with its own error type (graphql-js's prototype, but no
 * `extensions` object and no source): turn them into graphql-js errors with the same message, locations, path,
 * extensions and original error, so that Apollo and formatError treat them as with graphql-js.
 */
type JitError = Pick<GraphQLError, "message" | "locations" | "path" | "originalError" | "extensions">;

function asGraphQLError(error: JitError): GraphQLError {
  // jit's own errors pass `instanceof GraphQLError` (same prototype) but lack `extensions`.
  if (error instanceof GraphQLError && error.extensions) return error;
  const converted = new GraphQLError(error.message, { path: error.path, originalError: error.originalError ?? undefined, extensions: error.extensions });
  if (error.locations) (converted as { locations?: unknown }).locations = error.locations;
  return converted;
}
