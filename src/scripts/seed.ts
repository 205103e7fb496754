import "reflect-metadata";
import { createLogger, openDatabase } from "../app";
import { ConfigError, loadConfig } from "../config";
import type { ServiceContext } from "../context";
import { seedComments } from "./seed-comments";
import { seedContent } from "./seed-content";
import { seedReports } from "./seed-reports";
import { seedSafety } from "./seed-safety";
import { DEMO_PASSWORD, seedUsers } from "./seed-users";

/** `npm run seed`: realistic demo content on the configured database (idempotent for users). */
async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger(config);
  const ds = await openDatabase(config);
  const ctx: ServiceContext = { ds, config, log, now: new Date(), viewer: null };
  try {
    const users = await seedUsers(ctx);
    await seedContent(ctx, users);
    process.stdout.write(
      `Seeded demo users (password "${DEMO_PASSWORD}"): ${Object.values(users)
        .map((u) => u.username)
        .join(", ")}\n`,
    );
    process.stdout.write(`Seeded ${await seedComments(ctx, users)} demo comments and replies.\n`);
    await seedSafety(ctx, users);
    process.stdout.write(`Seeded ${await seedReports(ctx, users)} demo reports.\n`);
  } finally {
    await ds.destroy();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(err instanceof ConfigError ? `Configuration error: ${err.message}\n` : `Seeding failed: ${(err as Error).message}\n`);
  process.exit(1);
});
