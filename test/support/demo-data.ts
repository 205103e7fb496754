import pino from "pino";
import type { ServiceContext } from "../../src/context";
import { seedComments } from "../../src/scripts/seed-comments";
import { seedContent } from "../../src/scripts/seed-content";
import { seedSafety } from "../../src/scripts/seed-safety";
import { seedUsers, type DemoUsers } from "../../src/scripts/seed-users";
import type { TestApp } from "../harness";

/** The demo data of `npm run seed` in a test app's database (what the README's examples expect). */
export async function seedDemo(app: TestApp): Promise<DemoUsers> {
  const ctx: ServiceContext = { ds: app.ds, config: app.config, log: pino({ level: "silent" }), now: new Date(), viewer: null };
  const users = await seedUsers(ctx);
  await seedContent(ctx, users);
  await seedComments(ctx, users);
  await seedSafety(ctx, users);
  return users;
}
