import { IsEmail, Length, Matches, MaxLength } from "class-validator";
import { Field, InputType, ObjectType } from "type-graphql";
import { User } from "../users/user.entity";

export const USERNAME_PATTERN = /^[A-Za-z0-9_]{3,30}$/;

@InputType()
export class RegisterInput {
  @Field({ description: "3–30 letters, digits or underscores; stored in lower case." })
  @Matches(USERNAME_PATTERN, { message: "must be 3–30 letters, digits or underscores" })
  username: string;

  @Field()
  @MaxLength(254, { message: "must be at most 254 characters" })
  @IsEmail({}, { message: "must be a valid email address" })
  email: string;

  @Field({ description: "At least 8 characters." })
  @Length(8, 200, { message: "must be 8–200 characters long" })
  password: string;

  @Field({ description: "1–50 characters; Chinese welcome." })
  @Length(1, 50, { message: "must be 1–50 characters long" })
  displayName: string;
}

@InputType()
export class LoginInput {
  @Field({ description: "Username or email." })
  @Length(1, 254, { message: "must be 1–254 characters long" })
  login: string;

  @Field()
  @Length(1, 200, { message: "must be 1–200 characters long" })
  password: string;
}

@ObjectType({ description: "Tokens of a new or refreshed session." })
export class AuthPayload {
  @Field({ description: "Short-lived JWT for `Authorization: Bearer`." })
  accessToken: string;

  @Field({ description: "When the access token expires." })
  accessTokenExpiresAt: Date;

  @Field({ description: "Opaque, single-use: `refreshSession` returns a new one each time." })
  refreshToken: string;

  @Field(() => User)
  user: User;
}
