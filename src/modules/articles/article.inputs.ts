import { ArrayMaxSize, IsBoolean, IsEnum, IsOptional, IsUrl, Length, MaxLength, ValidateIf } from "class-validator";
import { Field, ID, InputType } from "type-graphql";
import { Originality, ReprintPolicy } from "./article.entity";

export const TITLE_MAX = 100;
export const SUMMARY_MAX = 300;
export const BODY_MAX = 100_000;

/** Fields shared by create and update; on update every field is optional (omitted = unchanged). */
@InputType("ArticleFieldsInput")
abstract class ArticleFieldsInput {
  @Field(() => String, { nullable: true, description: "Up to 300 characters; an empty string clears it." })
  @IsOptional()
  @MaxLength(SUMMARY_MAX, { message: `must be at most ${SUMMARY_MAX} characters` })
  summary?: string | null;

  @Field(() => [String], { nullable: true, description: "At most 5 tags, normalized (NFKC, lower case, no leading #)." })
  @IsOptional()
  @ArrayMaxSize(20, { message: "lists too many tags" })
  @MaxLength(60, { each: true, message: "each tag is at most 30 characters" })
  tags?: string[];

  @Field(() => Originality, { nullable: true, description: "ORIGINAL (原创, default) or REPRINT (转载: needs sourceName and sourceUrl)." })
  @IsOptional()
  @IsEnum(Originality)
  originality?: Originality;

  @Field(() => String, { nullable: true, description: "Where a reprint comes from (required for REPRINT)." })
  @IsOptional()
  @MaxLength(100, { message: "must be at most 100 characters" })
  sourceName?: string | null;

  @Field(() => String, { nullable: true, description: "http(s) link to the original (required for REPRINT)." })
  @ValidateIf((o: ArticleFieldsInput) => typeof o.sourceUrl === "string" && o.sourceUrl !== "")
  @MaxLength(500, { message: "must be at most 500 characters" })
  @IsUrl({ protocols: ["http", "https"], require_protocol: true }, { message: "must be an http(s) URL" })
  sourceUrl?: string | null;

  @Field(() => ReprintPolicy, { nullable: true, description: "Default FORBIDDEN: 未经允许不得转载." })
  @IsOptional()
  @IsEnum(ReprintPolicy)
  reprintPolicy?: ReprintPolicy;

  @Field({ nullable: true, description: "Whether readers may comment (default true)." })
  @IsOptional()
  @IsBoolean()
  commentsEnabled?: boolean;
}

@InputType({ description: "A new draft. Any signed-in user may write drafts." })
export class CreateArticleInput extends ArticleFieldsInput {
  @Field({ description: "1–100 characters." })
  @Length(1, TITLE_MAX, { message: `must be 1–${TITLE_MAX} characters long` })
  title: string;

  @Field({ description: "Markdown, 1–100,000 characters; rendered to sanitized HTML in `bodyHtml`." })
  @Length(1, BODY_MAX, { message: `must be 1–${BODY_MAX} characters long` })
  body: string;
}

@InputType({ description: "Changes to an article; omitted fields stay as they are." })
export class UpdateArticleInput extends ArticleFieldsInput {
  @Field(() => ID)
  id: string;

  @Field({ nullable: true })
  @IsOptional()
  @Length(1, TITLE_MAX, { message: `must be 1–${TITLE_MAX} characters long` })
  title?: string;

  @Field({ nullable: true })
  @IsOptional()
  @Length(1, BODY_MAX, { message: `must be 1–${BODY_MAX} characters long` })
  body?: string;
}

@InputType({ description: "An editor's decision on a contribution (投稿)." })
export class ReviewSubmissionInput {
  @Field(() => ID)
  articleId: string;

  @Field({ description: "true publishes it under the contributor's name; false rejects it (a note is then required)." })
  accept: boolean;

  @Field(() => String, { nullable: true, description: "Shown to the contributor; required when rejecting. Up to 2,000 characters." })
  @IsOptional()
  @MaxLength(2000, { message: "must be at most 2000 characters" })
  note?: string | null;
}
