import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { DataSource } from "typeorm";
import { ApiScope } from "../src/modules/api-tokens/api-scope";
import { createApiToken } from "../src/modules/api-tokens/api-token.service";
import type { ApiToken } from "../src/modules/api-tokens/api-token.entity";
import type { User } from "../src/modules/users/user.entity";
import { WebhookEvent } from "../src/modules/webhooks/webhook-event";
import { Webhook } from "../src/modules/webhooks/webhook.entity";
import type { TestApp } from "./harness";

/** A real API token for `user` made through the service (so hashing and prefix are the real ones). */
export async function buildApiToken(
  app: TestApp,
  user: User,
  o: { scopes?: ApiScope[]; now?: Date; expiresAt?: Date; name?: string } = {},
): Promise<{ token: string; apiToken: ApiToken; authorization: string }> {
  const now = o.now ?? new Date();
  const { token, apiToken } = await createApiToken(
    { ds: app.ds, config: app.config, log: app.deps.log, now, viewer: { id: user.id, user, roles: user.roles, sessionId: null } },
    { name: o.name ?? "集成测试", scopes: o.scopes ?? [ApiScope.READ_CONTENT], expiresAt: o.expiresAt ?? new Date(now.getTime() + 30 * 86400_000) },
  );
  return { token, apiToken, authorization: `Bearer ${token}` };
}

export async function buildWebhook(ds: DataSource, admin: User, o: Partial<Webhook> = {}): Promise<Webhook> {
  return ds.getRepository(Webhook).save(
    ds.getRepository(Webhook).create({
      url: "http://127.0.0.1:9/unused",
      events: [WebhookEvent.ARTICLE_PUBLISHED],
      secret: "whsec_test_secret_0123456789",
      createdById: admin.id,
      createdAt: new Date(),
      ...o,
    }),
  );
}

export interface ReceivedRequest {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A webhook receiver on a loopback port; `respond` decides each answer (status code, or "hang"). */
export async function startReceiver(respond: (req: ReceivedRequest, index: number) => number | "hang" = () => 200) {
  const received: ReceivedRequest[] = [];
  const hanging: (() => void)[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const entry = { headers: req.headers, body: Buffer.concat(chunks).toString("utf8") };
      received.push(entry);
      const answer = respond(entry, received.length - 1);
      if (answer === "hang") {
        hanging.push(() => res.destroy());
        return;
      }
      res.writeHead(answer, { "content-type": "text/plain" }).end(answer < 300 ? "ok" : "nope");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/zhiyan`;
  return {
    url,
    received,
    async close() {
      hanging.forEach((end) => end());
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
