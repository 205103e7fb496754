import { Arg, Ctx, Mutation, Resolver } from "type-graphql";
import type { AppContext } from "../../context";
import { AuthPayload, LoginInput, RegisterInput } from "./auth.inputs";
import * as auth from "./auth.service";
import { SessionOnly } from "../api-tokens/api-scope";

@Resolver()
export class AuthResolver {
  @SessionOnly()
  @Mutation(() => AuthPayload, { description: "Creates a READER account and signs it in." })
  register(@Arg("input") input: RegisterInput, @Ctx() ctx: AppContext): Promise<AuthPayload> {
    return auth.register(ctx, input);
  }

  @SessionOnly()
  @Mutation(() => AuthPayload, { description: "Signs in with username or email. Works for banned accounts too, so they can read their sanctions and appeal." })
  login(@Arg("input") input: LoginInput, @Ctx() ctx: AppContext): Promise<AuthPayload> {
    return auth.login(ctx, input);
  }

  @SessionOnly()
  @Mutation(() => AuthPayload, { description: "Exchanges a refresh token for new tokens. Each refresh token works once; reuse ends the session." })
  refreshSession(@Arg("refreshToken") refreshToken: string, @Ctx() ctx: AppContext): Promise<AuthPayload> {
    return auth.refreshSession(ctx, refreshToken);
  }

  @SessionOnly()
  @Mutation(() => Boolean, { description: "Ends the session of this refresh token. True when a session was found." })
  logout(@Arg("refreshToken") refreshToken: string, @Ctx() ctx: AppContext): Promise<boolean> {
    return auth.logout(ctx, refreshToken);
  }
}
