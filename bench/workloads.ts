/** The GraphQL documents of the benchmark workloads (the project and the raw-SQL floor answer the same ones). */

export const FEED_QUERY = `query BenchFeed($first: Int!, $after: String) {
  articles(first: $first, after: $after) {
    edges { cursor node { id title summary byline tags likeCount commentCount viewerHasLiked publishedAt author { id username displayName penName } } }
    pageInfo { hasNextPage endCursor }
  }
}`;

export const ARTICLE_PAGE_QUERY = `query BenchArticlePage($id: ID!, $first: Int!, $replies: Int!) {
  node(id: $id) {
    ... on Article {
      id title bodyHtml commentCount
      comments(first: $first) {
        pageInfo { hasNextPage endCursor }
        edges { node {
          id body state createdAt replyCount author { id username displayName }
          replies(first: $replies) {
            pageInfo { hasNextPage endCursor }
            edges { node { id body state createdAt author { id username displayName } replyTo { id displayName } } }
          }
        } }
      }
    }
  }
}`;

/** W3: what a moderator's queue screen shows for each target: its reports, reporters and current content. */
export const REPORT_QUEUE_QUERY = `query BenchReportQueue($first: Int!) {
  reportQueue(first: $first) {
    pageInfo { hasNextPage endCursor }
    edges { cursor node {
      targetId targetType status count reportCount firstReportedAt lastReportedAt categories
      reporters { id username displayName }
      reports { id category ruleCode details createdAt }
      target {
        __typename
        ... on Article { id title status moderationState author { id username displayName } }
        ... on Comment { id body state createdAt author { id username displayName } }
        ... on User { id username displayName }
      }
    } }
  }
}`;

export interface Workload {
  /** Short name used in tables and by the ceiling server. */
  key: string;
  title: string;
  operationName: string;
  query: string;
  variables: Record<string, unknown>;
  /** Sends the signed-in bench viewer's bearer token. */
  signedIn: boolean;
  /** Sends the bench moderator's token instead (user 2; W3). */
  moderator?: boolean;
}

export interface Fixtures {
  articleGlobalId: string;
  /** Cursor of the feed after its 50,000th item. */
  deepCursor: string;
}

export function workloads(f: Fixtures, pageSize = 20): Workload[] {
  const feed = (key: string, title: string, signedIn: boolean, after: string | null): Workload => ({
    key,
    title,
    operationName: "BenchFeed",
    query: FEED_QUERY,
    variables: { first: pageSize, after },
    signedIn,
  });
  return [
    feed("W1-anon", "W1 feed of 20, anonymous", false, null),
    feed("W1-signed", "W1 feed of 20, signed in", true, null),
    {
      key: "W2",
      title: "W2 article page, 20 threads × 3 replies",
      operationName: "BenchArticlePage",
      query: ARTICLE_PAGE_QUERY,
      variables: { id: f.articleGlobalId, first: pageSize, replies: 3 },
      signedIn: false,
    },
    {
      key: "W3",
      title: "W3 moderator report queue of 20",
      operationName: "BenchReportQueue",
      query: REPORT_QUEUE_QUERY,
      variables: { first: pageSize },
      signedIn: true,
      moderator: true,
    },
    feed("W4", "W4 feed at position 50,000", false, f.deepCursor),
  ];
}
