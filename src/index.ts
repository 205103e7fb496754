import "reflect-metadata";
import { createServer } from "node:http";
import { createLogger, openDatabase } from "./app";
import { ConfigError, loadConfig } from "./config";
import { ensureBootstrapAdmin } from "./modules/users/user.service";
import { createHttpApp } from "./server";
import { startWebhookDispatcher } from "./modules/webhooks/webhook.dispatcher";

async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger(config);
  const ds = await openDatabase(config);
  const admin = await ensureBootstrapAdmin({ ds, config, log, now: new Date(), viewer: null });
  if (admin) log.info({ username: admin.username }, "bootstrap administrator created");

  const httpServer = createServer();
  const { app, apollo } = await createHttpApp({ ds, config, log }, httpServer);
  httpServer.on("request", app);
  await new Promise<void>((resolve) => httpServer.listen(config.port, config.host, resolve));
  const engine = config.databaseUrl ? "mysql" : "sqlite (./data/dev.sqlite)";
  log.info({ port: config.port, engine }, `GraphQL API ready on http://localhost:${config.port}/graphql`);
  const webhookDispatcher = startWebhookDispatcher({ ds, config, log });

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "shutting down: draining requests");
    const force = setTimeout(() => process.exit(1), 15000).unref();
    try {
      await apollo.stop(); // stops accepting, drains in-flight requests (drain plugin)
      await webhookDispatcher.stop(); // finishes the round in progress; undelivered rows stay in the outbox
      await ds.destroy();
      clearTimeout(force);
      process.exit(0);
    } catch (err) {
      log.error({ err }, "error during shutdown");
      process.exit(1);
    }
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError) {
    process.stderr.write(`Configuration error: ${err.message}\n`);
  } else {
    const e = err as { code?: string; message?: string };
    process.stderr.write(`Startup failed: ${e.code ? e.code + ": " : ""}${e.message ?? String(err)}\n`);
  }
  process.exit(1);
});
