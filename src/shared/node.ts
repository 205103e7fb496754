import { Field, ID, InterfaceType } from "type-graphql";
import type { AppContext } from "../context";

@InterfaceType({ description: "An object with an opaque global ID, fetchable with `node(id)`." })
export abstract class Node {
  @Field(() => ID, { description: "Opaque global ID." })
  id: string;
}

/** Loads one object of a type for `node(id)`, applying the same visibility rules as the typed field. */
export type NodeFetcher = (id: number, ctx: AppContext) => Promise<object | null>;

const fetchers = new Map<string, NodeFetcher>();

/** Each module registers how `node(id)` reads its types, so the universal read path stays in step. */
export function registerNodeType(typeName: string, fetch: NodeFetcher): void {
  fetchers.set(typeName, fetch);
}

export function nodeFetcher(typeName: string): NodeFetcher | undefined {
  return fetchers.get(typeName);
}
