import type { ServiceContext } from "../context";
import { Article, Originality, ReprintPolicy } from "../modules/articles/article.entity";
import { createArticle } from "../modules/articles/article.service";
import { likeArticle } from "../modules/articles/like.service";
import { publishArticle, reviewSubmission, submitArticle } from "../modules/articles/publishing.service";
import { AuthorApplication } from "../modules/author-applications/author-application.entity";
import { applyForAuthorship } from "../modules/author-applications/author-application.service";
import type { User } from "../modules/users/user.entity";
import { toGlobalId } from "../shared/global-id";
import type { DemoUsers } from "./seed-users";

export interface DemoContent {
  raft: Article;
  mysqlIndex: Article;
  prdWriting: Article;
  uxReprint: Article;
  k8sDraft: Article;
  openSourceSubmitted: Article;
  firstJobAccepted: Article;
  rumourRejected: Article;
}

/** Acts as a demo user, so the seed goes through the same services and policies as the API. */
const as = (ctx: ServiceContext, user: User): ServiceContext => ({ ...ctx, viewer: { id: user.id, user, roles: user.roles, sessionId: null } });

type Draft = Parameters<typeof createArticle>[1];

/** Creates the article once (found again by author and title on later runs). */
async function article(ctx: ServiceContext, author: User, input: Draft, then?: (gid: string) => Promise<unknown>): Promise<Article> {
  const existing = await ctx.ds.getRepository(Article).findOneBy({ authorId: author.id, title: input.title });
  if (existing) return existing;
  const created = await createArticle(as(ctx, author), input);
  if (then) await then(toGlobalId("Article", created.id));
  return ctx.ds.getRepository(Article).findOneByOrFail({ id: created.id });
}

const RAFT_BODY = `## 为什么需要共识

在分布式系统里，多台机器要对同一份数据达成一致。**Raft** 把问题拆成三部分：

1. 领导者选举（Leader Election）
2. 日志复制（Log Replication）
3. 安全性（Safety）

> 可理解性是 Raft 最重要的设计目标。

\`\`\`go
type Node struct {
    term     int
    votedFor int
}
\`\`\`

参考：[Raft 论文](https://raft.github.io/raft.pdf)
`;

/**
 * Demo publishing content: published articles with tags, a reprint (转载), a draft, a submission
 * waiting for review, one accepted and one rejected contribution, likes, and a pending author
 * application. Idempotent.
 */
export async function seedContent(ctx: ServiceContext, u: DemoUsers): Promise<DemoContent> {
  const publish = (author: User) => (gid: string) => publishArticle(as(ctx, author), gid);
  const submit = (author: User) => (gid: string) => submitArticle(as(ctx, author), gid);
  const review = (author: User, accept: boolean, note: string) => async (gid: string) => {
    await submitArticle(as(ctx, author), gid);
    await reviewSubmission(as(ctx, u.editor), { articleId: gid, accept, note });
  };

  const content: DemoContent = {
    raft: await article(ctx, u.authorZhang, { title: "从零理解 Raft 共识算法", summary: "用最少的公式讲清楚领导者选举与日志复制。", body: RAFT_BODY, tags: ["分布式", "算法", "Go语言"] }, publish(u.authorZhang)),
    mysqlIndex: await article(
      ctx,
      u.authorZhang,
      { title: "MySQL 索引优化的十个建议", summary: "联合索引、覆盖索引与最左前缀原则，一次讲透。", body: "## 最左前缀\n\n联合索引 `(a, b, c)` 可以服务 `a`、`a,b`、`a,b,c` 的查询……\n\n## 覆盖索引\n\n尽量让查询只读索引，不回表。", tags: ["数据库", "MySQL"] },
      publish(u.authorZhang),
    ),
    prdWriting: await article(
      ctx,
      u.authorLi,
      { title: "好的产品经理如何写需求文档", summary: "需求文档不是功能清单，而是对问题的共同理解。", body: "写需求文档之前，先回答三个问题：**为谁**、**解决什么问题**、**怎样算成功**。\n\n- 背景\n- 目标与指标\n- 方案与取舍", tags: ["产品", "写作"] },
      publish(u.authorLi),
    ),
    uxReprint: await article(
      ctx,
      u.authorLi,
      {
        title: "《用户体验要素》读书笔记",
        summary: "战略层、范围层、结构层、框架层、表现层。",
        body: "本文转载自合作媒体，已获授权。\n\n用户体验的五个层次自下而上……",
        tags: ["产品", "读书笔记", "用户体验"],
        originality: Originality.REPRINT,
        sourceName: "人人都是产品经理",
        sourceUrl: "https://www.woshipm.com/",
        reprintPolicy: ReprintPolicy.WITH_ATTRIBUTION,
      },
      publish(u.authorLi),
    ),
    k8sDraft: await article(ctx, u.authorZhang, { title: "Kubernetes 调度器源码阅读（草稿）", summary: "还在写……", body: "TODO：补充 scheduling framework 的扩展点。", tags: ["云原生"] }),
    openSourceSubmitted: await article(
      ctx,
      u.readerWang,
      { title: "我的第一次开源贡献经历", summary: "从提 issue 到 PR 被合并的两周。", body: "第一次给开源项目提 PR，紧张又兴奋。\n\n1. 找到 good first issue\n2. 阅读贡献指南\n3. 耐心回应评审意见", tags: ["开源", "成长"] },
      submit(u.readerWang),
    ),
    firstJobAccepted: await article(
      ctx,
      u.readerZhao,
      { title: "转行程序员的第一年", summary: "从零基础到入职，我踩过的坑。", body: "去年这个时候，我还在做销售。\n\n这一年最大的收获是：**持续学习**比天赋更重要。", tags: ["职场", "成长"] },
      review(u.readerZhao, true, "真诚的分享，已发布"),
    ),
    rumourRejected: await article(
      ctx,
      u.readerQian,
      { title: "震惊！某语言即将被淘汰", summary: "看完你就懂了", body: "据说……（没有任何来源）", tags: ["编程语言"] },
      review(u.readerQian, false, "标题夸张且缺乏可靠来源，请补充依据后再投稿"),
    ),
  };

  for (const [reader, target] of [
    [u.readerWang, content.raft],
    [u.readerZhao, content.raft],
    [u.readerQian, content.raft],
    [u.readerWang, content.mysqlIndex],
    [u.authorLi, content.raft],
    [u.authorZhang, content.prdWriting],
    [u.readerZhao, content.uxReprint],
  ] as const) {
    await likeArticle(as(ctx, reader), toGlobalId("Article", target.id));
  }

  const hasApplication = await ctx.ds.getRepository(AuthorApplication).existsBy({ userId: u.readerWang.id });
  if (!hasApplication) {
    await applyForAuthorship(as(ctx, u.readerWang), {
      penName: "五味书生",
      bio: "后端开发三年，业余写技术博客。",
      motivation: "想系统地分享开源协作和后端开发的经验，也希望得到编辑的指导。",
      sampleUrls: ["https://blog.example.com/wangwu/open-source", "https://blog.example.com/wangwu/redis"],
    });
  }
  return content;
}
