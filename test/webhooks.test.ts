import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { after, before, describe, it } from "node:test";
import { inTransaction } from "../src/shared/db";
import { WebhookDeliveryStatus, WebhookEvent } from "../src/modules/webhooks/webhook-event";
import { deliverDueWebhooks } from "../src/modules/webhooks/webhook.dispatcher";
import { WebhookDelivery } from "../src/modules/webhooks/webhook.entity";
import { enqueueWebhookEvent } from "../src/modules/webhooks/webhook.service";
import { SIGNATURE_HEADER, signWebhookBody, verifyWebhookSignature } from "../src/modules/webhooks/webhook.signature";
import { buildAdmin, buildModerator } from "./factories";
import { buildWebhook, startReceiver } from "./factories-partners";
import { createTestApp, errorOf, expectOk, type TestApp } from "./harness";

const SECRET = "whsec_知言_0123456789abcdef";
const CREATE = `mutation($i: CreateWebhookInput!) { createWebhook(input: $i) { id url events } }`;
const DELIVERIES = `query($w: ID!) { webhookDeliveries(webhookId: $w) { totalCount edges { node { id event eventId status attempts lastResponseCode lastError nextAttemptAt deliveredAt payload } } } }`;

const dispatcher = (app: TestApp) => ({ ds: app.ds, config: app.config, log: app.deps.log });
const enqueue = (app: TestApp, now: Date, event: WebhookEvent, payload: Record<string, unknown>) =>
  inTransaction(app.ds, (em) => enqueueWebhookEvent(em, now, event, payload));

describe("webhooks", () => {
  let app: TestApp;
  before(async () => {
    app = await createTestApp({ WEBHOOK_BACKOFF_BASE_MS: "10000", WEBHOOK_MAX_ATTEMPTS: "4", WEBHOOK_TIMEOUT_MS: "300" });
  });
  after(() => app.close());

  it("ADMIN creates, lists and deletes webhooks; the secret is never returned; others are refused", async () => {
    const admin = await buildAdmin(app.ds);
    const created = expectOk(await app.exec(CREATE, { i: { url: "https://partner.example.com/hooks", events: ["ARTICLE_PUBLISHED", "COMMENT_CREATED"], secret: SECRET } }, { as: admin }));
    assert.deepEqual(created.createWebhook.events, ["ARTICLE_PUBLISHED", "COMMENT_CREATED"]);
    const listed = expectOk(await app.exec(`{ webhooks { totalCount edges { node { id url } } } }`, {}, { as: admin }));
    assert.ok(listed.webhooks.edges.some((e: any) => e.node.id === created.createWebhook.id));
    assert.doesNotMatch(JSON.stringify(listed), /whsec/);
    const introspected = expectOk(await app.exec(`{ __type(name: "Webhook") { fields { name } } }`));
    assert.ok(!introspected.__type.fields.some((f: any) => f.name === "secret"));

    const moderator = await buildModerator(app.ds);
    const refused = errorOf(await app.exec(CREATE, { i: { url: "https://x.example.com", events: ["ARTICLE_PUBLISHED"], secret: SECRET } }, { as: moderator }));
    assert.equal(refused.extensions.code, "FORBIDDEN");
    assert.equal(refused.extensions.reason, "ROLE_REQUIRED");

    const bad = errorOf(await app.exec(CREATE, { i: { url: "ftp://x", events: [], secret: "short" } }, { as: admin }));
    assert.equal(bad.extensions.code, "BAD_USER_INPUT");
    assert.deepEqual([...bad.extensions.fields].sort(), ["events", "secret", "url"]);

    const deleted = expectOk(await app.exec(`mutation($id: ID!) { deleteWebhook(id: $id) { id } }`, { id: created.createWebhook.id }, { as: admin }));
    assert.equal(deleted.deleteWebhook.id, created.createWebhook.id);
    const gone = errorOf(await app.exec(`mutation($id: ID!) { deleteWebhook(id: $id) { id } }`, { id: created.createWebhook.id }, { as: admin }));
    assert.equal(gone.extensions.code, "NOT_FOUND");
  });

  it("enqueues in the caller's transaction: a rolled-back change leaves no delivery; only subscribed webhooks get one", async () => {
    const admin = await buildAdmin(app.ds);
    const subscribed = await buildWebhook(app.ds, admin, { events: [WebhookEvent.SANCTION_ISSUED] });
    const other = await buildWebhook(app.ds, admin, { events: [WebhookEvent.ARTICLE_REMOVED] });
    await assert.rejects(
      inTransaction(app.ds, async (em) => {
        await enqueueWebhookEvent(em, new Date(), WebhookEvent.SANCTION_ISSUED, { sanction: { id: "rolled-back" } });
        throw new Error("the change fails");
      }),
    );
    assert.equal(await app.ds.getRepository(WebhookDelivery).countBy({ webhookId: subscribed.id }), 0);
    assert.equal(await enqueue(app, new Date(), WebhookEvent.SANCTION_ISSUED, { sanction: { id: "U2FuY3Rpb246MQ==" } }), 1);
    assert.equal(await app.ds.getRepository(WebhookDelivery).countBy({ webhookId: subscribed.id }), 1);
    assert.equal(await app.ds.getRepository(WebhookDelivery).countBy({ webhookId: other.id }), 0);
    await app.ds.getRepository(WebhookDelivery).delete({ webhookId: subscribed.id });
  });

  it("delivers a signed body that the receiver verifies; a tampered body or wrong secret fails verification", async () => {
    const admin = await buildAdmin(app.ds);
    const receiver = await startReceiver(() => 204);
    try {
      const hook = await buildWebhook(app.ds, admin, { url: receiver.url, secret: SECRET, events: [WebhookEvent.ARTICLE_PUBLISHED] });
      const now = new Date("2026-05-01T10:00:00Z");
      await enqueue(app, now, WebhookEvent.ARTICLE_PUBLISHED, { article: { id: "QXJ0aWNsZTox", title: "知言：第一篇文章 😀" } });
      const run = await deliverDueWebhooks(dispatcher(app), now);
      assert.deepEqual(run, { attempted: 1, delivered: 1, failed: 0 });

      assert.equal(receiver.received.length, 1);
      const { headers, body } = receiver.received[0];
      assert.equal(headers["x-zhiyan-event"], "article.published");
      assert.equal(headers["content-type"], "application/json");
      assert.match(String(headers[SIGNATURE_HEADER]), /^t=\d+,v1=[0-9a-f]{64}$/);
      assert.ok(verifyWebhookSignature(SECRET, headers[SIGNATURE_HEADER] as string, body, now), "the receiver verifies the signature");
      assert.ok(!verifyWebhookSignature(SECRET, headers[SIGNATURE_HEADER] as string, body.replace("第一篇", "第二篇"), now), "tampered body");
      assert.ok(!verifyWebhookSignature("another-secret-0123456789", headers[SIGNATURE_HEADER] as string, body, now), "wrong secret");
      assert.ok(!verifyWebhookSignature(SECRET, headers[SIGNATURE_HEADER] as string, body, new Date(now.getTime() + 10 * 60_000)), "replayed later");
      const envelope = JSON.parse(body);
      assert.equal(envelope.type, "article.published");
      assert.equal(envelope.data.article.title, "知言：第一篇文章 😀");
      assert.equal(headers["x-zhiyan-event-id"], envelope.id);

      const listed = expectOk(await app.exec(DELIVERIES, { w: hook.globalId }, { as: admin }));
      const node = listed.webhookDeliveries.edges[0].node;
      assert.equal(node.status, "DELIVERED");
      assert.equal(node.attempts, 1);
      assert.equal(node.lastResponseCode, 204);
      assert.equal(node.lastError, null);
      assert.equal(node.event, "ARTICLE_PUBLISHED");
      assert.equal(node.deliveredAt, now.toISOString());
      assert.deepEqual(node.payload, envelope);
      assert.equal(headers["x-zhiyan-delivery"], node.id);

      assert.deepEqual(await deliverDueWebhooks(dispatcher(app), new Date(now.getTime() + 3600_000)), { attempted: 0, delivered: 0, failed: 0 }, "never sent twice");
    } finally {
      await receiver.close();
    }
  });

  it("retries with exponential backoff until the receiver answers 2xx", async () => {
    const admin = await buildAdmin(app.ds);
    const receiver = await startReceiver((_req, i) => (i < 2 ? 500 : 200));
    try {
      const hook = await buildWebhook(app.ds, admin, { url: receiver.url, secret: SECRET, events: [WebhookEvent.COMMENT_CREATED] });
      const t0 = new Date("2026-05-02T00:00:00Z");
      await enqueue(app, t0, WebhookEvent.COMMENT_CREATED, { comment: { id: "Q29tbWVudDox" } });
      const row = () => app.ds.getRepository(WebhookDelivery).findOneByOrFail({ webhookId: hook.id });

      assert.deepEqual(await deliverDueWebhooks(dispatcher(app), t0), { attempted: 1, delivered: 0, failed: 0 });
      let d = await row();
      assert.equal(d.status, WebhookDeliveryStatus.PENDING);
      assert.equal(d.attempts, 1);
      assert.equal(d.lastResponseCode, 500);
      assert.equal(d.lastError, "HTTP 500");
      assert.equal(d.nextAttemptAt.toISOString(), new Date(t0.getTime() + 10_000).toISOString(), "first retry after the base delay");

      assert.equal((await deliverDueWebhooks(dispatcher(app), new Date(t0.getTime() + 9_000))).attempted, 0, "not due yet");
      const t1 = new Date(t0.getTime() + 10_000);
      await deliverDueWebhooks(dispatcher(app), t1);
      d = await row();
      assert.equal(d.attempts, 2);
      assert.equal(d.nextAttemptAt.toISOString(), new Date(t1.getTime() + 20_000).toISOString(), "the delay doubles");

      const t2 = new Date(t1.getTime() + 20_000);
      assert.deepEqual(await deliverDueWebhooks(dispatcher(app), t2), { attempted: 1, delivered: 1, failed: 0 });
      d = await row();
      assert.equal(d.status, WebhookDeliveryStatus.DELIVERED);
      assert.equal(d.attempts, 3);
      assert.equal(d.lastResponseCode, 200);
      assert.equal(d.lastError, null);
      assert.equal(receiver.received.length, 3);
      assert.equal(new Set(receiver.received.map((r) => JSON.parse(r.body).id)).size, 1, "the same event id on every attempt");
    } finally {
      await receiver.close();
    }
  });

  it("gives up as FAILED after the last attempt (timeouts count), and an admin can send it again", async () => {
    const admin = await buildAdmin(app.ds);
    const receiver = await startReceiver(() => "hang");
    try {
      const hook = await buildWebhook(app.ds, admin, { url: receiver.url, events: [WebhookEvent.APPEAL_DECIDED] });
      let now = new Date("2026-05-03T00:00:00Z");
      await enqueue(app, now, WebhookEvent.APPEAL_DECIDED, { appeal: { id: "QXBwZWFsOjE=" } });
      for (let i = 0; i < 4; i++) {
        await deliverDueWebhooks(dispatcher(app), now);
        now = new Date(now.getTime() + 3600_000);
      }
      const d = await app.ds.getRepository(WebhookDelivery).findOneByOrFail({ webhookId: hook.id });
      assert.equal(d.status, WebhookDeliveryStatus.FAILED);
      assert.equal(d.attempts, 4);
      assert.equal(d.lastResponseCode, null);
      assert.equal(d.lastError, "timeout after 300 ms");
      assert.equal((await deliverDueWebhooks(dispatcher(app), now)).attempted, 0);

      const retried = expectOk(await app.exec(`mutation($id: ID!) { retryWebhookDelivery(id: $id) { status attempts } }`, { id: d.globalId }, { as: admin, now }));
      assert.deepEqual(retried.retryWebhookDelivery, { status: "PENDING", attempts: 0 });
      const again = errorOf(await app.exec(`mutation($id: ID!) { retryWebhookDelivery(id: $id) { status } }`, { id: d.globalId }, { as: admin, now }));
      assert.equal(again.extensions.code, "INVALID_STATE");
      await app.ds.getRepository(WebhookDelivery).delete({ webhookId: hook.id });
    } finally {
      await receiver.close();
    }
  });

  it("two dispatchers running at once never send one delivery twice", async () => {
    const admin = await buildAdmin(app.ds);
    const receiver = await startReceiver(() => 200);
    try {
      await buildWebhook(app.ds, admin, { url: receiver.url, events: [WebhookEvent.ARTICLE_REMOVED] });
      const now = new Date("2026-05-04T00:00:00Z");
      for (let i = 0; i < 5; i++) await enqueue(app, now, WebhookEvent.ARTICLE_REMOVED, { article: { id: `a${i}` } });
      const runs = await Promise.all([deliverDueWebhooks(dispatcher(app), now), deliverDueWebhooks(dispatcher(app), now), deliverDueWebhooks(dispatcher(app), now)]);
      assert.equal(runs.reduce((n, r) => n + r.delivered, 0), 5);
      assert.equal(receiver.received.length, 5);
      assert.equal(new Set(receiver.received.map((r) => r.body)).size, 5);
    } finally {
      await receiver.close();
    }
  });

  it("the copy-paste verifier in docs/api.md accepts a real signature and rejects a tampered body", () => {
    const docs = readFileSync(resolve(__dirname, "../../docs/api.md"), "utf8");
    const code = /<!-- verifier -->\s*```js\n([\s\S]*?)```/.exec(docs)?.[1];
    assert.ok(code, "docs/api.md has the verifier block");
    const verify = new Function("require", `${code}\nreturn verifyZhiyanSignature;`)(require) as (s: string, h: string, b: string) => boolean;
    const body = JSON.stringify({ id: "e1", type: "comment.created", data: { text: "你好" } });
    const header = signWebhookBody(SECRET, body, new Date());
    assert.equal(verify(SECRET, header, body), true);
    assert.equal(verify(SECRET, header, body.replace("你好", "再见")), false);
    assert.equal(verify(SECRET, signWebhookBody(SECRET, body, new Date(Date.now() - 3600_000)), body), false, "old timestamp");
  });

  it("signs `t.body` with HMAC-SHA256 exactly as documented", () => {
    const at = new Date(1767225600_000);
    assert.equal(signWebhookBody("secret", '{"a":1}', at), "t=1767225600,v1=" + require("node:crypto").createHmac("sha256", "secret").update('1767225600.{"a":1}').digest("hex"));
  });
});

describe("webhook outbox across a restart", () => {
  it("a delivery enqueued before the process stops is sent by the next process", async () => {
    const dir = mkdtempSync(join(tmpdir(), "zhiyan-webhooks-"));
    const onSqlite = !process.env.TEST_DATABASE_URL;
    const receiver = await startReceiver(() => 200);
    try {
      const first = await createTestApp({}, { database: onSqlite ? { sqlitePath: join(dir, "db.sqlite") } : undefined, keepDatabase: true });
      const admin = await buildAdmin(first.ds);
      await buildWebhook(first.ds, admin, { url: receiver.url, secret: SECRET, events: [WebhookEvent.ARTICLE_PUBLISHED] });
      await enqueue(first, new Date(), WebhookEvent.ARTICLE_PUBLISHED, { article: { id: "QXJ0aWNsZTo5" } });
      await first.close();

      const second = await createTestApp({}, { database: onSqlite ? { sqlitePath: join(dir, "db.sqlite") } : { databaseUrl: first.databaseUrl } });
      try {
        const run = await deliverDueWebhooks(dispatcher(second));
        assert.deepEqual(run, { attempted: 1, delivered: 1, failed: 0 });
        assert.equal(receiver.received.length, 1);
        assert.ok(verifyWebhookSignature(SECRET, receiver.received[0].headers[SIGNATURE_HEADER] as string, receiver.received[0].body, new Date()));
      } finally {
        await second.close();
      }
    } finally {
      await receiver.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
