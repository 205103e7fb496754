import { GraphQLObjectType, type GraphQLFieldResolver, type GraphQLSchema } from "graphql";
import { getMetadataStorage } from "type-graphql";

type Param = { kind: string; index: number; propertyName?: string; getType?: unknown };
type FieldMeta = { target: Function; name: string; schemaName: string; roles?: unknown[]; middlewares?: unknown[] };
type FieldResolverMeta = {
  kind: "internal" | "external";
  target: Function;
  methodName: string;
  getObjectType?: () => Function;
  params?: Param[];
  roles?: unknown[];
  middlewares?: unknown[];
};

/** How each parameter of a resolver method is read, or undefined when one needs type-graphql (args, conversions). */
function paramReaders(params: Param[] = []): ((root: unknown, ctx: unknown, info: unknown) => unknown)[] | undefined {
  const readers: ((root: unknown, ctx: unknown, info: unknown) => unknown)[] = [];
  for (const p of [...params].sort((a, b) => a.index - b.index)) {
    const prop = p.propertyName;
    if (p.kind === "root" && !p.getType) readers.push(prop ? (root) => (root as Record<string, unknown>)[prop] : (root) => root);
    else if (p.kind === "context") readers.push(prop ? (_r, ctx) => (ctx as Record<string, unknown>)[prop] : (_r, ctx) => ctx);
    else if (p.kind === "info") readers.push((_r, _c, info) => info);
    else return undefined;
  }
  return readers;
}

const plain = (meta: { roles?: unknown[]; middlewares?: unknown[] }): boolean => !meta.roles && (meta.middlewares?.length ?? 0) === 0;

/**
 * type-graphql wraps every field of every object type in a resolver that allocates its
 * `ResolverData`, walks an (empty) middleware chain and, for methods, sorts and maps the
 * parameter list on each call — for a plain column as much as for a loader call. Per field that
 * is little; an article page resolves about a thousand fields. This replaces, after the schema is
 * built, the resolvers of object-type fields that have no middleware, no `@Authorized` and no
 * arguments with direct ones that do the same thing:
 * - a plain property: `root[propertyName]` (the property name, which differs from the schema name
 *   for fields like `@Field({ name: "id" }) get globalId()`);
 * - a getter or method on the object's class: called on the root when it is an instance of that
 *   class (otherwise type-graphql's own resolver runs, which converts the root first);
 * - a `@FieldResolver` method of a resolver class taking `@Root()`, `@Ctx()` or `@Info()`: called
 *   with them on one instance of the class (type-graphql's default container keeps one too).
 * Fields with arguments keep type-graphql's resolver (it converts and validates them), as do root
 * fields (Query, Mutation, Subscription). Behaviour is unchanged; the whole suite runs on it.
 */
export function directFieldResolvers(schema: GraphQLSchema): GraphQLSchema {
  const storage = getMetadataStorage() as unknown as {
    objectTypes: { name: string; target: Function; fields?: FieldMeta[]; interfaceClasses?: Function[] }[];
    interfaceTypes: { target: Function; fields?: FieldMeta[] }[];
    fieldResolvers: FieldResolverMeta[];
  };
  const roots = new Set([schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()].filter(Boolean));
  const instances = new Map<Function, Record<string, Function>>();
  const instanceOf = (target: Function) => {
    let instance = instances.get(target);
    if (!instance) instances.set(target, (instance = new (target as new () => Record<string, Function>)()));
    return instance;
  };
  for (const objectType of storage.objectTypes) {
    const type = schema.getType(objectType.name);
    if (!(type instanceof GraphQLObjectType) || roots.has(type)) continue;
    // The same field list, in the same order, as type-graphql's schema generator.
    const metas: FieldMeta[] = [];
    for (const it of storage.interfaceTypes) if (objectType.interfaceClasses?.includes(it.target)) metas.push(...(it.fields ?? []));
    metas.push(...(objectType.fields ?? []));
    const bySchemaName = new Map(metas.map((f) => [f.schemaName, f]));
    for (const [schemaName, field] of Object.entries(type.getFields())) {
      const meta = bySchemaName.get(schemaName);
      if (!meta || field.args.length > 0 || !plain(meta) || !field.resolve) continue;
      const resolverMeta = storage.fieldResolvers.find((it) => it.getObjectType?.() === meta.target && it.methodName === meta.name);
      const direct = resolverMeta ? methodResolver(resolverMeta, field.resolve, instanceOf) : propertyResolver(meta.name);
      if (direct) field.resolve = direct;
    }
  }
  return schema;
}

function propertyResolver(name: string): GraphQLFieldResolver<unknown, unknown> {
  return (root) => (root as Record<string, unknown>)[name];
}

function methodResolver(
  meta: FieldResolverMeta,
  original: GraphQLFieldResolver<unknown, unknown>,
  instanceOf: (target: Function) => Record<string, Function>,
): GraphQLFieldResolver<unknown, unknown> | undefined {
  const readers = paramReaders(meta.params);
  if (!plain(meta) || !readers) return undefined;
  const name = meta.methodName;
  const call = (self: Record<string, unknown>, root: unknown, ctx: unknown, info: unknown) => {
    const member = self[name];
    if (typeof member !== "function") return member;
    switch (readers.length) {
      case 0:
        return member.call(self);
      case 1:
        return member.call(self, readers[0](root, ctx, info));
      case 2:
        return member.call(self, readers[0](root, ctx, info), readers[1](root, ctx, info));
      default:
        return member.apply(self, readers.map((read) => read(root, ctx, info)));
    }
  };
  if (meta.kind === "external") {
    const self = instanceOf(meta.target);
    return (root, _args, ctx, info) => call(self, root, ctx, info);
  }
  const cls = meta.getObjectType!();
  return (root, args, ctx, info) => (root instanceof cls ? call(root as Record<string, unknown>, root, ctx, info) : original(root, args, ctx, info));
}
