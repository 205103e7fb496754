import { Arg, Authorized, Ctx, ID, Mutation, Resolver } from "type-graphql";
import type { AppContext } from "../../context";
import { Role } from "../users/role";
import { Article } from "./article.entity";
import { CreateArticleInput, ReviewSubmissionInput, UpdateArticleInput } from "./article.inputs";
import * as drafts from "./article.service";
import * as likes from "./like.service";
import * as publishing from "./publishing.service";
import { ApiScope, RequiresScope } from "../api-tokens/api-scope";

@Resolver(() => Article)
export class ArticleMutationResolver {
  @Authorized()
  @RequiresScope(ApiScope.WRITE_CONTENT)
  @Mutation(() => Article, { description: "Writes a new DRAFT (any signed-in user)." })
  createArticle(@Arg("input") input: CreateArticleInput, @Ctx() ctx: AppContext): Promise<Article> {
    return drafts.createArticle(ctx, input);
  }

  @Authorized()
  @RequiresScope(ApiScope.WRITE_CONTENT)
  @Mutation(() => Article, { description: "Owner: edits an article (not while SUBMITTED, not once REMOVED)." })
  updateArticle(@Arg("input") input: UpdateArticleInput, @Ctx() ctx: AppContext): Promise<Article> {
    return drafts.updateArticle(ctx, input);
  }

  @Authorized()
  @RequiresScope(ApiScope.WRITE_CONTENT)
  @Mutation(() => Article, { description: "Owner: deletes a DRAFT for good and returns it as it was; other states are INVALID_STATE." })
  deleteArticle(@Arg("id", () => ID) id: string, @Ctx() ctx: AppContext): Promise<Article> {
    return drafts.deleteArticle(ctx, id);
  }

  @Authorized()
  @RequiresScope(ApiScope.WRITE_CONTENT)
  @Mutation(() => Article, { description: "Authors only (AUTHOR, EDITOR, ADMIN; the owner): publishes. A READER gets AUTHOR_REQUIRED: submit it (submitArticle) or apply to be an author." })
  publishArticle(@Arg("id", () => ID) id: string, @Ctx() ctx: AppContext): Promise<Article> {
    return publishing.publishArticle(ctx, id);
  }

  @Authorized()
  @RequiresScope(ApiScope.WRITE_CONTENT)
  @Mutation(() => Article, { description: "投稿: the owner sends the article to editorial review → SUBMITTED." })
  submitArticle(@Arg("id", () => ID) id: string, @Ctx() ctx: AppContext): Promise<Article> {
    return publishing.submitArticle(ctx, id);
  }

  @Authorized(Role.EDITOR)
  @RequiresScope(ApiScope.MODERATE)
  @Mutation(() => Article, { description: "EDITOR: accept → PUBLISHED under the contributor's name; reject (note required) → REJECTED. The contributor is notified." })
  reviewSubmission(@Arg("input") input: ReviewSubmissionInput, @Ctx() ctx: AppContext): Promise<Article> {
    return publishing.reviewSubmission(ctx, input);
  }

  @Authorized()
  @RequiresScope(ApiScope.WRITE_CONTENT)
  @Mutation(() => Article, { description: "Owner: takes a PUBLISHED article off the site → UNPUBLISHED." })
  unpublishArticle(@Arg("id", () => ID) id: string, @Ctx() ctx: AppContext): Promise<Article> {
    return publishing.unpublishArticle(ctx, id);
  }

  @Authorized()
  @RequiresScope(ApiScope.WRITE_CONTENT)
  @Mutation(() => Article, { description: "Likes a published article; idempotent." })
  likeArticle(@Arg("id", () => ID) id: string, @Ctx() ctx: AppContext): Promise<Article> {
    return likes.likeArticle(ctx, id);
  }

  @Authorized()
  @RequiresScope(ApiScope.WRITE_CONTENT)
  @Mutation(() => Article, { description: "Removes the viewer's like; idempotent." })
  unlikeArticle(@Arg("id", () => ID) id: string, @Ctx() ctx: AppContext): Promise<Article> {
    return likes.unlikeArticle(ctx, id);
  }
}
