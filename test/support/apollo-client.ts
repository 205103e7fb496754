import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from "@apollo/client";
import { relayStylePagination } from "@apollo/client/utilities";

/**
 * A client the way our web/mobile front ends build one: Apollo Client with a normalised
 * InMemoryCache (objects keyed by their global `id`), Relay-style pagination merged in the cache,
 * and an auth link that sends `Authorization: Bearer` when signed in.
 */
export function createApolloClient(baseUrl: string) {
  let token: string | null = null;
  const auth = new ApolloLink((operation, forward) => {
    operation.setContext(({ headers = {} }: { headers?: Record<string, string> }) => ({
      headers: { ...headers, ...(token ? { authorization: `Bearer ${token}` } : {}) },
    }));
    return forward(operation);
  });
  const client = new ApolloClient({
    link: ApolloLink.from([auth, new HttpLink({ uri: `${baseUrl}/graphql` })]),
    cache: new InMemoryCache({
      // Unions and interfaces the client matches fragments on.
      possibleTypes: { ReportTarget: ["Article", "Comment", "User"] },
      typePolicies: {
        Query: {
          fields: {
            // Add each new connection root field here (articles, comments, reportQueue …).
            notifications: relayStylePagination(["unreadOnly"]),
            moderationLog: relayStylePagination(["targetId"]),
            apiTokens: relayStylePagination(),
            reportQueue: relayStylePagination(["status", "category"]),
            myReports: relayStylePagination(),
          },
        },
      },
    }),
  });
  return {
    client,
    setToken(value: string | null) {
      token = value;
    },
  };
}
