import type { Article } from "../articles/article.entity";
import type { Viewer } from "../auth/auth.service";
import { type NotificationDraft, NotificationType } from "../notifications/notification.service";
import type { Comment } from "./comment.entity";

const excerpt = (text: string, max = 60) => {
  const chars = [...text];
  return chars.length > max ? `${chars.slice(0, max).join("")}…` : text;
};

/**
 * Who hears about a new comment: the user it answers (COMMENT_REPLIED) and the article's author
 * (ARTICLE_COMMENTED), never the commenter, and each person once (the reply notice wins).
 */
export function newCommentNotifications(commenter: Viewer, article: Article, comment: Comment): NotificationDraft[] {
  const drafts: NotificationDraft[] = [];
  const name = commenter.user.displayName;
  const data = { articleId: article.globalId, commentId: comment.globalId, excerpt: excerpt(comment.body ?? "") };
  if (comment.replyToUserId !== null && comment.replyToUserId !== commenter.id) {
    drafts.push({
      userId: comment.replyToUserId,
      type: NotificationType.COMMENT_REPLIED,
      message: `${name} 在《${article.title}》中回复了你：${data.excerpt}`,
      subjectId: comment.globalId,
      data,
    });
  }
  if (article.authorId !== commenter.id && !drafts.some((d) => d.userId === article.authorId)) {
    drafts.push({
      userId: article.authorId,
      type: NotificationType.ARTICLE_COMMENTED,
      message: `${name} 评论了你的文章《${article.title}》：${data.excerpt}`,
      subjectId: comment.globalId,
      data,
    });
  }
  return drafts;
}
