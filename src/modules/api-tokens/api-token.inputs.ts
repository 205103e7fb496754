import { ArrayMaxSize, ArrayMinSize, ArrayUnique, Length } from "class-validator";
import { Field, InputType, ObjectType } from "type-graphql";
import { ApiScope } from "./api-scope";
import { ApiToken } from "./api-token.entity";

@InputType()
export class CreateApiTokenInput {
  @Field({ description: "1–100 characters, e.g. the integration's name." })
  @Length(1, 100, { message: "must be 1–100 characters long" })
  name: string;

  @Field(() => [ApiScope], { description: "At least one scope. Effective rights are these scopes ∩ the owner's roles." })
  @ArrayMinSize(1, { message: "must list at least one scope" })
  @ArrayMaxSize(5, { message: "lists at most 5 scopes" })
  @ArrayUnique({ message: "must not repeat a scope" })
  scopes: ApiScope[];

  @Field({ description: "Required: in the future and at most 366 days ahead." })
  expiresAt: Date;
}

@ObjectType({ description: "A new API token. `token` is the secret: it is shown only this once." })
export class CreateApiTokenPayload {
  @Field({ description: "The secret, prefixed `zpat_`. Store it now; the server keeps only its hash." })
  token: string;

  @Field(() => ApiToken)
  apiToken: ApiToken;
}
