import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from "type-graphql";
import type { AppContext } from "../../context";
import { registerNodeType } from "../../shared/node";
import { Connection, ConnectionArgs } from "../../shared/pagination";
import { Article } from "../articles/article.entity";
import { userById } from "../users/user.loaders";
import { User } from "../users/user.entity";
import { Comment } from "./comment.entity";
import { AddCommentInput, EditCommentInput } from "./comment.inputs";
import { commentById, loadVisibleComment } from "./comment.loaders";
import { articleById } from "../articles/article.loaders";
import { visibleBody } from "./comment.policy";
import { listReplies } from "./comment.queries";
import * as comments from "./comment.service";
import { ApiScope, RequiresScope } from "../api-tokens/api-scope";

export const CommentConnection = Connection(Comment);

/** node(id) shows a comment exactly when its article is visible to the viewer. */
registerNodeType("Comment", (id, ctx) => loadVisibleComment(ctx, id));

@Resolver(() => Comment)
export class CommentResolver {
  @Authorized()
  @RequiresScope(ApiScope.WRITE_COMMENTS)
  @Mutation(() => Comment, { description: "Comments on a published article, or replies in a thread (a reply to a reply joins the same thread)." })
  addComment(@Arg("input") input: AddCommentInput, @Ctx() ctx: AppContext): Promise<Comment> {
    return comments.addComment(ctx, input);
  }

  @Authorized()
  @RequiresScope(ApiScope.WRITE_COMMENTS)
  @Mutation(() => Comment, { description: "Its author rewrites a comment." })
  editComment(@Arg("input") input: EditCommentInput, @Ctx() ctx: AppContext): Promise<Comment> {
    return comments.editComment(ctx, input);
  }

  @Authorized()
  @RequiresScope(ApiScope.WRITE_COMMENTS)
  @Mutation(() => Comment, { description: "Its author deletes a comment: the thread stays, the body becomes null, state DELETED." })
  deleteComment(@Arg("id", () => ID) id: string, @Ctx() ctx: AppContext): Promise<Comment> {
    return comments.deleteComment(ctx, id);
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: "Plain text (never HTML). Null when DELETED; when hidden or REMOVED, shown only to its author and moderators.",
  })
  body(@Root() comment: Comment, @Ctx() ctx: AppContext): string | null {
    return visibleBody(ctx.viewer, comment);
  }

  @FieldResolver(() => User)
  async author(@Root() comment: Comment, @Ctx() ctx: AppContext): Promise<User> {
    return (await ctx.loaders.get(userById).load(comment.authorId))!;
  }

  @FieldResolver(() => User, { nullable: true, description: "The user this reply answers; null for a top-level comment." })
  replyTo(@Root() comment: Comment, @Ctx() ctx: AppContext): Promise<User | null> | null {
    return comment.replyToUserId === null ? null : ctx.loaders.get(userById).load(comment.replyToUserId);
  }

  @FieldResolver(() => Article)
  async article(@Root() comment: Comment, @Ctx() ctx: AppContext): Promise<Article> {
    return (await ctx.loaders.get(articleById).load(comment.articleId))!;
  }

  @FieldResolver(() => Comment, { nullable: true, description: "The top-level comment of this reply's thread; null for a top-level comment." })
  parent(@Root() comment: Comment, @Ctx() ctx: AppContext): Promise<Comment | null> | null {
    return comment.parentId === null ? null : ctx.loaders.get(commentById).load(comment.parentId);
  }

  @FieldResolver(() => CommentConnection, { description: "Replies in this comment's thread, oldest first (empty for a reply)." })
  async replies(@Root() comment: Comment, @Args() args: ConnectionArgs, @Ctx() ctx: AppContext) {
    const { page, count } = await listReplies(ctx, comment, args);
    return CommentConnection.from(page, count);
  }
}
