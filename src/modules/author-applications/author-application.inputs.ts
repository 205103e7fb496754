import { ArrayMaxSize, IsOptional, IsUrl, Length, MaxLength } from "class-validator";
import { Field, ID, InputType } from "type-graphql";

@InputType({ description: "申请成为作者." })
export class ApplyForAuthorshipInput {
  @Field({ description: "笔名, 1–30 characters: shown on your profile and articles once approved." })
  @Length(1, 30, { message: "must be 1–30 characters long" })
  penName: string;

  @Field({ description: "About you, 1–500 characters." })
  @Length(1, 500, { message: "must be 1–500 characters long" })
  bio: string;

  @Field({ description: "Why you want to write here, 1–2,000 characters." })
  @Length(1, 2000, { message: "must be 1–2000 characters long" })
  motivation: string;

  @Field(() => [String], { nullable: true, description: "Up to 5 http(s) links to earlier writing." })
  @IsOptional()
  @ArrayMaxSize(5, { message: "lists at most 5 links" })
  @MaxLength(500, { each: true, message: "each link is at most 500 characters" })
  @IsUrl({ protocols: ["http", "https"], require_protocol: true }, { each: true, message: "each link must be an http(s) URL" })
  sampleUrls?: string[];
}

@InputType({ description: "An editor's decision on an author application." })
export class ReviewAuthorApplicationInput {
  @Field(() => ID)
  applicationId: string;

  @Field({ description: "true grants the AUTHOR role; false rejects (a note is then required)." })
  approve: boolean;

  @Field(() => String, { nullable: true, description: "Shown to the applicant; required when rejecting. Up to 2,000 characters." })
  @IsOptional()
  @MaxLength(2000, { message: "must be at most 2000 characters" })
  note?: string | null;
}
