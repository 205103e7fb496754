import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { ArticleStatus } from "../src/modules/articles/article.entity";
import { WebhookDelivery } from "../src/modules/webhooks/webhook.entity";
import { toGlobalId } from "../src/shared/global-id";
import { buildAdmin, buildAuthor, buildModerator, buildUser } from "./factories";
import { articleGid, buildArticle } from "./factories-content";
import { createTestApp, errorOf, expectOk, type TestApp } from "./harness";

/** The domain's writes put their webhook events in the outbox, in the same transaction. */
describe("webhook events from the domain", () => {
  let app: TestApp;
  before(async () => {
    app = await createTestApp();
    const admin = await buildAdmin(app.ds);
    expectOk(
      await app.exec(
        `mutation($i: CreateWebhookInput!) { createWebhook(input: $i) { id } }`,
        { i: { url: "https://partner.example.com/hooks", events: ["ARTICLE_PUBLISHED", "COMMENT_CREATED", "SANCTION_ISSUED", "APPEAL_DECIDED"], secret: "s3cret-s3cret-s3cret-s3cret" } },
        { as: admin },
      ),
    );
  });
  after(() => app.close());

  const events = async () => (await app.ds.getRepository(WebhookDelivery).find({ order: { id: "ASC" } })).map((d) => ({ event: d.event, body: JSON.parse(d.body) }));

  it("publish, comment, sanction and appeal decision each enqueue one event; a refused action enqueues none", async () => {
    const author = await buildAuthor(app.ds);
    const reader = await buildUser(app.ds);
    const draft = await buildArticle(app.ds, { author, status: ArticleStatus.DRAFT });
    const before = (await events()).length;

    assert.equal(errorOf(await app.exec(`mutation($id: ID!) { publishArticle(id: $id) { id } }`, { id: articleGid(draft) }, { as: reader })).extensions.code, "NOT_FOUND");
    assert.equal((await events()).length, before);

    expectOk(await app.exec(`mutation($id: ID!) { publishArticle(id: $id) { id } }`, { id: articleGid(draft) }, { as: author }));
    const comment = expectOk(await app.exec(`mutation($i: AddCommentInput!) { addComment(input: $i) { id } }`, { i: { articleId: articleGid(draft), body: "好文章" } }, { as: reader }));

    const issuer = await buildModerator(app.ds);
    const judge = await buildModerator(app.ds);
    const sanction = expectOk(
      await app.exec(`mutation($i: IssueSanctionInput!) { issueSanction(input: $i) { id } }`, { i: { userId: toGlobalId("User", reader.id), ruleCode: "2.6", reason: "谩骂" } }, { as: issuer }),
    ).issueSanction;
    const appeal = expectOk(
      await app.exec(`mutation($i: AppealSanctionInput!) { appealSanction(input: $i) { id } }`, { i: { sanctionId: sanction.id, statement: "我没有骂人，请复核这条评论。" } }, { as: reader }),
    ).appealSanction;
    expectOk(await app.exec(`mutation($i: DecideAppealInput!) { decideAppeal(input: $i) { status } }`, { i: { appealId: appeal.id, outcome: "OVERTURN", note: "证据不足" } }, { as: judge }));

    const got = (await events()).slice(before);
    assert.deepEqual(got.map((e) => e.event), ["article.published", "comment.created", "sanction.issued", "appeal.decided"]);
    assert.equal(got[0].body.data.article.id, articleGid(draft));
    assert.equal(got[1].body.data.comment.id, comment.addComment.id);
    assert.equal(got[2].body.data.sanction.id, sanction.id);
    assert.equal(got[3].body.data.appeal.outcome, "OVERTURN");
  });
});
