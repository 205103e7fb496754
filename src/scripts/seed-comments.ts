import type { ServiceContext } from "../context";
import { AppError } from "../errors";
import { Article, ArticleStatus } from "../modules/articles/article.entity";
import { Comment } from "../modules/comments/comment.entity";
import { addComment } from "../modules/comments/comment.service";
import type { User } from "../modules/users/user.entity";
import type { DemoUsers } from "./seed-users";

type Who = keyof DemoUsers;

/** One thread: a top-level comment and its replies; `to` is the index of the reply answered (-1: the top). */
interface ThreadScript {
  by: Who;
  body: string;
  replies: { by: Who; body: string; to: number }[];
}

const THREADS: ThreadScript[] = [
  {
    by: "readerWang",
    body: "写得很清楚，收藏了。第三部分的例子能不能再展开讲讲？",
    replies: [
      { by: "authorZhang", body: "好的，下一篇会专门写这一部分，敬请期待。", to: -1 },
      { by: "readerZhao", body: "同问，我也卡在这里了。", to: -1 },
      { by: "readerWang", body: "那我们一起等更新吧 😄", to: 1 },
    ],
  },
  {
    by: "readerQian",
    body: "我不太同意文中的观点，实际项目里情况要复杂得多。",
    replies: [
      { by: "readerZhao", body: "能具体说说哪里复杂吗？", to: -1 },
      { by: "readerQian", body: "比如数据量一大，缓存一致性就很难保证。", to: 0 },
    ],
  },
  { by: "readerZhao", body: "新手表示受益匪浅，感谢作者分享！", replies: [] },
];

function asViewer(user: User) {
  return { id: user.id, user, roles: user.roles, sessionId: null };
}

/**
 * Demo threads (Chinese comments and replies) on the 50 newest published articles that have none yet, through
 * the comment service so counters and notifications are real. Without published articles it does nothing.
 */
export async function seedComments(ctx: ServiceContext, users: DemoUsers): Promise<number> {
  const articles = await ctx.ds.getRepository(Article).find({ where: { status: ArticleStatus.PUBLISHED }, order: { id: "DESC" }, take: 50 });
  let added = 0;
  let minute = 0;
  for (const [index, article] of articles.entries()) {
    if (!article.commentsEnabled || (await ctx.ds.getRepository(Comment).existsBy({ articleId: article.id }))) continue;
    for (const thread of THREADS.slice(0, 1 + (index % THREADS.length))) {
      const say = async (by: Who, body: string, parentId?: string) => {
        const at = new Date(ctx.now.getTime() - 3600_000 + (minute += 3) * 60_000);
        const comment = await addComment({ ...ctx, now: at, viewer: asViewer(users[by]) }, { articleId: article.globalId, body, parentId });
        added += 1;
        return comment;
      };
      try {
        const top = await say(thread.by, thread.body);
        const replies: Comment[] = [];
        for (const r of thread.replies) replies.push(await say(r.by, r.body, (r.to < 0 ? top : replies[r.to]).globalId));
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        ctx.log.warn({ articleId: article.id, reason: err.reason }, "skipped a demo comment thread");
      }
    }
  }
  return added;
}
