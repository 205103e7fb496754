import { Length } from "class-validator";
import { Field, ID, InputType, registerEnumType } from "type-graphql";
import { COMMENT_BODY_MAX } from "./comment.entity";

export enum CommentOrder {
  OLDEST = "OLDEST",
  NEWEST = "NEWEST",
  TOP = "TOP",
}
registerEnumType(CommentOrder, { name: "CommentOrder", description: "OLDEST/NEWEST by time; TOP: most replies first, newest first among equals." });

@InputType()
export class AddCommentInput {
  @Field(() => ID)
  articleId: string;

  @Field({ description: "Plain text, 1–2,000 characters after trimming; never rendered as HTML." })
  @Length(1, COMMENT_BODY_MAX, { message: `must be 1–${COMMENT_BODY_MAX} characters long` })
  body: string;

  @Field(() => ID, { nullable: true, description: "The comment answered: a top-level comment or a reply (the new reply joins the same thread)." })
  parentId?: string | null;
}

@InputType()
export class EditCommentInput {
  @Field(() => ID)
  id: string;

  @Field({ description: "Plain text, 1–2,000 characters after trimming." })
  @Length(1, COMMENT_BODY_MAX, { message: `must be 1–${COMMENT_BODY_MAX} characters long` })
  body: string;
}
