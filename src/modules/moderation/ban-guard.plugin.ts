import type { ApolloServerPlugin } from "@apollo/server";
import { Kind, type FragmentDefinitionNode, type SelectionSetNode } from "graphql";
import type { AppContext } from "../../context";
import { accountBanned, BAN_ALLOWED_MUTATIONS, standingOf } from "./standing.policy";

/** Root field names of a selection set, through inline fragments and fragment spreads. */
export function rootFieldNames(selectionSet: SelectionSetNode, fragments: Map<string, FragmentDefinitionNode>, seen = new Set<string>()): string[] {
  const names: string[] = [];
  for (const sel of selectionSet.selections) {
    if (sel.kind === Kind.FIELD) names.push(sel.name.value);
    else if (sel.kind === Kind.INLINE_FRAGMENT) names.push(...rootFieldNames(sel.selectionSet, fragments, seen));
    else if (sel.kind === Kind.FRAGMENT_SPREAD && !seen.has(sel.name.value)) {
      seen.add(sel.name.value);
      const fragment = fragments.get(sel.name.value);
      if (fragment) names.push(...rootFieldNames(fragment.selectionSet, fragments, seen));
    }
  }
  return names;
}

/**
 * The ban (SPEC 2), applied to every mutation generically: once the operation is resolved, a
 * banned viewer's mutation that selects any root field outside BAN_ALLOWED_MUTATIONS
 * (appealSanction, login, logout) is refused as a whole with ACCOUNT_BANNED (HTTP 403) before
 * anything runs. A new mutation is covered without doing anything.
 */
export function banGuardPlugin(): ApolloServerPlugin<AppContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, document, contextValue }) {
          if (operation?.operation !== "mutation") return;
          const standing = standingOf(contextValue.viewer);
          if (!standing.banned) return;
          const fragments = new Map<string, FragmentDefinitionNode>();
          for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
          const refused = rootFieldNames(operation.selectionSet, fragments).filter((n) => n !== "__typename" && !BAN_ALLOWED_MUTATIONS.includes(n));
          if (refused.length === 0) return;
          const error = accountBanned(standing);
          Object.assign(error.extensions, { http: { status: 403 }, refusedFields: [...new Set(refused)] });
          throw error;
        },
      };
    },
  };
}
