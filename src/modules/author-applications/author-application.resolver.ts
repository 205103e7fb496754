import { Arg, Args, ArgsType, Authorized, Ctx, Field, FieldResolver, Mutation, Query, Resolver, Root } from "type-graphql";
import type { AppContext } from "../../context";
import { registerNodeType } from "../../shared/node";
import { Connection, ConnectionArgs } from "../../shared/pagination";
import { hasRole, Role } from "../users/role";
import { User } from "../users/user.entity";
import { userById } from "../users/user.loaders";
import { AuthorApplication, AuthorApplicationStatus } from "./author-application.entity";
import { ApplyForAuthorshipInput, ReviewAuthorApplicationInput } from "./author-application.inputs";
import { authorApplicationById, penNameByUserId } from "./author-application.loaders";
import { canViewApplication } from "./author-application.policy";
import * as applications from "./author-application.service";
import { ApiScope, RequiresScope } from "../api-tokens/api-scope";

export const AuthorApplicationConnection = Connection(AuthorApplication);

registerNodeType("AuthorApplication", async (id, ctx) => {
  const application = await ctx.loaders.get(authorApplicationById).load(id);
  return application && canViewApplication(ctx.viewer, application) ? application : null;
});

@ArgsType()
class AuthorApplicationsArgs extends ConnectionArgs {
  @Field(() => AuthorApplicationStatus, { nullable: true, description: "Only this status (e.g. PENDING for the review queue)." })
  status?: AuthorApplicationStatus | null;
}

@Resolver(() => AuthorApplication)
export class AuthorApplicationResolver {
  @Authorized()
  @RequiresScope(ApiScope.WRITE_CONTENT)
  @Mutation(() => AuthorApplication, { description: "申请成为作者: one pending application per user; 30 days after a rejection before the next." })
  applyForAuthorship(@Arg("input") input: ApplyForAuthorshipInput, @Ctx() ctx: AppContext): Promise<AuthorApplication> {
    return applications.applyForAuthorship(ctx, input);
  }

  @Authorized(Role.EDITOR)
  @RequiresScope(ApiScope.MODERATE)
  @Mutation(() => AuthorApplication, { description: "EDITOR: approve (grants AUTHOR) or reject (note required). The applicant is notified." })
  reviewAuthorApplication(@Arg("input") input: ReviewAuthorApplicationInput, @Ctx() ctx: AppContext): Promise<AuthorApplication> {
    return applications.reviewAuthorApplication(ctx, input);
  }

  @Authorized(Role.EDITOR)
  @RequiresScope(ApiScope.READ_MODERATION)
  @Query(() => AuthorApplicationConnection, { description: "EDITOR: author applications, oldest first." })
  async authorApplications(@Args() args: AuthorApplicationsArgs, @Ctx() ctx: AppContext) {
    const { page, count } = await applications.listAuthorApplications(ctx, args);
    return AuthorApplicationConnection.from(page, count);
  }

  @Authorized()
  @RequiresScope(ApiScope.READ_CONTENT)
  @Query(() => AuthorApplication, { nullable: true, description: "The viewer's latest author application, or null." })
  myAuthorApplication(@Ctx() ctx: AppContext): Promise<AuthorApplication | null> {
    return applications.myLatestApplication(ctx);
  }

  @FieldResolver(() => User)
  async applicant(@Root() application: AuthorApplication, @Ctx() ctx: AppContext): Promise<User> {
    return (await ctx.loaders.get(userById).load(application.userId))!;
  }

  @FieldResolver(() => User, { nullable: true, description: "The reviewing editor (visible to editors only)." })
  reviewedBy(@Root() application: AuthorApplication, @Ctx() ctx: AppContext) {
    const viewer = ctx.viewer;
    if (application.reviewedById === null || !viewer || !hasRole(viewer.roles, Role.EDITOR)) return null;
    return ctx.loaders.get(userById).load(application.reviewedById);
  }
}

@Resolver(() => User)
export class UserPenNameResolver {
  @FieldResolver(() => String, { nullable: true, description: "笔名 from the user's approved author application, or null." })
  penName(@Root() user: User, @Ctx() ctx: AppContext): Promise<string | null> {
    return ctx.loaders.get(penNameByUserId).load(user.id);
  }
}
