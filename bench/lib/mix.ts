import { gql, percentile, table, type GqlResponse } from "./common";
import { LOAD_PASSWORD, type LoadUser } from "./seed";

export const Q = {
  feed: `query Feed($after: String) {
  articles(first: 20, after: $after) {
    totalCount
    edges { cursor node { id title summary byline tags likeCount commentCount viewCount viewerHasLiked publishedAt author { id username displayName penName } } }
    pageInfo { hasNextPage endCursor }
  }
}`,
  // docs/comments.md: an article page, threads with their first replies
  articlePage: `query ArticlePage($id: ID!) {
  node(id: $id) {
    ... on Article {
      id title bodyHtml likeCount commentCount viewerHasLiked author { username displayName }
      comments(first: 20, orderBy: TOP) {
        totalCount
        pageInfo { hasNextPage endCursor }
        edges { node {
          id body state createdAt editedAt replyCount
          author { username displayName }
          replies(first: 3) { pageInfo { hasNextPage endCursor } edges { node { id body state author { displayName } replyTo { displayName } } } }
        } }
      }
    }
  }
}`,
  notifications: `query Notifications { notifications(first: 10) { totalCount edges { node { id type message subjectId createdAt read } } } unreadNotificationCount }`,
  viewer: `query Viewer { viewer { id username displayName roles standing { muted banned } } }`,
  login: `mutation Login($i: LoginInput!) { login(input: $i) { accessToken user { id } } }`,
  addComment: `mutation Comment($i: AddCommentInput!) { addComment(input: $i) { id body createdAt article { commentCount } } }`,
  likeArticle: `mutation Like($id: ID!) { likeArticle(id: $id) { id likeCount viewerHasLiked } }`,
  createArticle: `mutation Draft($i: CreateArticleInput!) { createArticle(input: $i) { id status } }`,
  register: `mutation Register($i: RegisterInput!) { register(input: $i) { accessToken user { id } } }`,
};

export type Outcome = "ok" | "refused" | "error";

/** ok: data, no errors; refused: a domain error with a spec code; error: 5xx, network, non-JSON or INTERNAL_SERVER_ERROR. */
export function classify(r: GqlResponse): { outcome: Outcome; code?: string } {
  if (r.networkError) return { outcome: "error", code: `NETWORK:${r.networkError}` };
  if (!r.json) return { outcome: "error", code: `HTTP_${r.status}_NOT_JSON` };
  const code = r.json.errors?.[0]?.extensions?.code as string | undefined;
  if (r.status >= 500 || code === "INTERNAL_SERVER_ERROR") return { outcome: "error", code: code ?? `HTTP_${r.status}` };
  if (r.json.errors?.length) return { outcome: "refused", code: code ?? "NO_CODE" };
  return { outcome: "ok" };
}

class OpStats {
  latencies: number[] = [];
  ok = 0;
  refused = new Map<string, number>();
  errors = new Map<string, number>();
  constructor(readonly name: string) {}
}

export class Stats {
  private ops = new Map<string, OpStats>();
  readonly started = performance.now();
  ended?: number;

  record(name: string, r: GqlResponse): Outcome {
    let s = this.ops.get(name);
    if (!s) this.ops.set(name, (s = new OpStats(name)));
    s.latencies.push(r.ms);
    const { outcome, code } = classify(r);
    if (outcome === "ok") s.ok++;
    else {
      const m = outcome === "refused" ? s.refused : s.errors;
      m.set(code!, (m.get(code!) ?? 0) + 1);
    }
    return outcome;
  }

  get errorCount(): number {
    return [...this.ops.values()].reduce((n, s) => n + [...s.errors.values()].reduce((a, b) => a + b, 0), 0);
  }

  report(): { text: string; total: number; rps: number; p50: number; p99: number; errors: number } {
    const seconds = ((this.ended ?? performance.now()) - this.started) / 1000;
    const sum = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
    const rows: (string | number)[][] = [["operation", "requests", "req/s", "p50 ms", "p99 ms", "ok", "refused", "errors"]];
    const all: number[] = [];
    let refusedAll = 0;
    let errorsAll = 0;
    let okAll = 0;
    for (const s of [...this.ops.values()].sort((a, b) => b.latencies.length - a.latencies.length)) {
      const sorted = [...s.latencies].sort((a, b) => a - b);
      all.push(...s.latencies);
      okAll += s.ok;
      refusedAll += sum(s.refused);
      errorsAll += sum(s.errors);
      rows.push([s.name, s.latencies.length, Number((s.latencies.length / seconds).toFixed(1)), Number(percentile(sorted, 50).toFixed(1)), Number(percentile(sorted, 99).toFixed(1)), s.ok, sum(s.refused), sum(s.errors)]);
    }
    all.sort((a, b) => a - b);
    const p50 = percentile(all, 50);
    const p99 = percentile(all, 99);
    rows.push(["ALL", all.length, Number((all.length / seconds).toFixed(1)), Number(p50.toFixed(1)), Number(p99.toFixed(1)), okAll, refusedAll, errorsAll]);
    const details: string[] = [];
    for (const s of this.ops.values()) {
      for (const [code, n] of s.refused) details.push(`  ${s.name}: refused ${code} × ${n}`);
      for (const [code, n] of s.errors) details.push(`  ${s.name}: ERROR ${code} × ${n}`);
    }
    const text = `${table(rows)}\n${details.length ? details.join("\n") + "\n" : ""}duration ${seconds.toFixed(1)} s`;
    return { text, total: all.length, rps: all.length / seconds, p50, p99, errors: errorsAll };
  }
}

export interface MixState {
  base: string;
  users: LoadUser[];
  articles: { id: string; commentIds: string[] }[];
  rand: () => number;
}

export const pick = <T>(rand: () => number, xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];

export interface WeightedOp {
  name: string;
  weight: number;
  run(st: MixState, user: LoadUser): Promise<GqlResponse>;
}

let serial = 0;

/** A realistic read-mostly mix: feed and article pages dominate, writes are about a fifth. */
export const READ_WRITE_MIX: WeightedOp[] = [
  { name: "feed", weight: 30, run: (st, u) => gql(st.base, Q.feed, {}, st.rand() < 0.3 ? undefined : u.token) },
  { name: "articlePage", weight: 25, run: (st, u) => gql(st.base, Q.articlePage, { id: pick(st.rand, st.articles).id }, st.rand() < 0.3 ? undefined : u.token) },
  { name: "notifications", weight: 10, run: (st, u) => gql(st.base, Q.notifications, {}, u.token) },
  { name: "viewer", weight: 8, run: (st, u) => gql(st.base, Q.viewer, {}, u.token) },
  {
    name: "addComment",
    weight: 12,
    run: (st, u) => {
      const a = pick(st.rand, st.articles);
      const parentId = a.commentIds.length && st.rand() < 0.4 ? pick(st.rand, a.commentIds) : undefined;
      return gql(st.base, Q.addComment, { i: { articleId: a.id, parentId, body: `压测评论 #${++serial}：这一段讲得很清楚，谢谢分享！` } }, u.token);
    },
  },
  { name: "likeArticle", weight: 8, run: (st, u) => gql(st.base, Q.likeArticle, { id: pick(st.rand, st.articles).id }, u.token) },
  {
    name: "createArticle",
    weight: 4,
    run: (st, u) =>
      gql(st.base, Q.createArticle, { i: { title: `压测草稿 ${++serial}`, summary: "负载测试生成的草稿", body: "## 小标题\n\n正文**加粗**，还有一段 `code`。\n\n- 一\n- 二", tags: ["压测", "分布式"] } }, u.token),
  },
  { name: "login", weight: 3, run: (st, u) => gql(st.base, Q.login, { i: { login: u.username, password: LOAD_PASSWORD } }) },
];

export function chooser(ops: WeightedOp[], rand: () => number): () => WeightedOp {
  const total = ops.reduce((n, o) => n + o.weight, 0);
  return () => {
    let x = rand() * total;
    for (const o of ops) if ((x -= o.weight) < 0) return o;
    return ops[ops.length - 1];
  };
}
