import { Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from "typeorm";
import { DateTimeColumn } from "../../shared/columns";
import { User } from "../users/user.entity";
import { Article } from "./article.entity";

/** One row per user and liked article: the composite primary key makes liking idempotent in the database. */
@Entity("article_likes")
@Index("IDX_article_likes_article", ["articleId"])
export class ArticleLike {
  @PrimaryColumn({ type: "integer" })
  userId: number;

  @PrimaryColumn({ type: "integer" })
  articleId: number;

  @DateTimeColumn()
  createdAt: Date;

  @ManyToOne(() => User, { onDelete: "CASCADE" })
  @JoinColumn({ name: "userId", foreignKeyConstraintName: "FK_article_likes_user" })
  user?: User;

  @ManyToOne(() => Article, { onDelete: "CASCADE" })
  @JoinColumn({ name: "articleId", foreignKeyConstraintName: "FK_article_likes_article" })
  article?: Article;
}
