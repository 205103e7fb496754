import { ArrayMaxSize, IsOptional, IsUrl, Length, ValidateIf, MaxLength } from "class-validator";
import { Field, ID, InputType } from "type-graphql";
import { Role } from "./role";

@InputType()
export class UpdateProfileInput {
  @Field({ nullable: true })
  @IsOptional()
  @Length(1, 50, { message: "must be 1–50 characters long" })
  displayName?: string;

  @Field(() => String, { nullable: true, description: "Up to 500 characters; an empty string clears it." })
  @IsOptional()
  @MaxLength(500, { message: "must be at most 500 characters" })
  bio?: string | null;

  @Field(() => String, { nullable: true, description: "An https URL; an empty string clears it." })
  @ValidateIf((o: UpdateProfileInput) => typeof o.avatarUrl === "string" && o.avatarUrl !== "")
  @MaxLength(500, { message: "must be at most 500 characters" })
  @IsUrl({ protocols: ["https", "http"], require_protocol: true }, { message: "must be an http(s) URL" })
  avatarUrl?: string | null;
}

@InputType()
export class SetUserRolesInput {
  @Field(() => ID)
  userId: string;

  @Field(() => [Role], { description: "The complete new set; READER is always kept." })
  @ArrayMaxSize(5, { message: "lists at most 5 roles" })
  roles: Role[];
}
