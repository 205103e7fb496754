import { Arg, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from "type-graphql";
import type { AppContext } from "../../context";
import { registerNodeType } from "../../shared/node";
import { hasRole, Role } from "./role";
import { SetUserRolesInput, UpdateProfileInput } from "./user.inputs";
import { userById } from "./user.loaders";
import { User } from "./user.entity";
import * as users from "./user.service";
import { ApiScope, RequiresScope, SessionOnly } from "../api-tokens/api-scope";

registerNodeType("User", (id, ctx) => ctx.loaders.get(userById).load(id));

@Resolver(() => User)
export class UserResolver {
  // READ_CONTENT: below the viewer hang drafts, email, sanctions and notifications.
  @RequiresScope(ApiScope.READ_CONTENT)
  @Query(() => User, { nullable: true, description: "The signed-in user, or null when anonymous." })
  viewer(@Ctx() ctx: AppContext): User | null {
    return ctx.viewer?.user ?? null;
  }

  @RequiresScope(ApiScope.READ_CONTENT)
  @Query(() => User, { nullable: true, description: "A profile by username (case-insensitive)." })
  user(@Arg("username") username: string, @Ctx() ctx: AppContext): Promise<User | null> {
    return users.findByUsername(ctx, username);
  }

  @FieldResolver(() => String, { nullable: true, description: "Visible to the user themself and to admins; null otherwise." })
  email(@Root() user: User, @Ctx() ctx: AppContext): string | null {
    const viewer = ctx.viewer;
    if (viewer && (viewer.id === user.id || hasRole(viewer.roles, Role.ADMIN))) return user.email;
    return null;
  }

  @Authorized()
  @SessionOnly()
  @Mutation(() => User, { description: "Edits the viewer's display name, bio and avatar." })
  updateProfile(@Arg("input") input: UpdateProfileInput, @Ctx() ctx: AppContext): Promise<User> {
    return users.updateProfile(ctx, input);
  }

  @Authorized(Role.ADMIN)
  @SessionOnly()
  @Mutation(() => User, { description: "ADMIN: replaces a user's roles. READER is always kept." })
  setUserRoles(@Arg("input") input: SetUserRolesInput, @Ctx() ctx: AppContext): Promise<User> {
    return users.setUserRoles(ctx, input);
  }
}
