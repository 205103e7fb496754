import "reflect-metadata";
import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { getSchema, printSchemaSdl } from "../schema";

/** Writes schema/schema.graphql from the code; a test fails when the committed file is stale. */
async function main(): Promise<void> {
  const target = resolve(__dirname, "../../../schema/schema.graphql");
  writeFileSync(target, printSchemaSdl(await getSchema()));
  process.stdout.write(`wrote ${target}\n`);
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
