import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { after, before, describe, it } from "node:test";
import type { Browser } from "playwright-core";
import { buildUser } from "./factories";
import { createTestApp, type TestApp } from "./harness";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];
const skip = existsSync(CHROMIUM) ? false : `Chromium not found at ${CHROMIUM}: install it (apt-get install -y chromium) or set CHROMIUM_PATH to run the browser tests`;
if (skip) process.stdout.write(`# browser tests skipped: ${skip}\n`);

describe("GraphiQL in a real browser (headless Chromium)", { skip }, () => {
  let app: TestApp;
  let url: string;
  let browser: Browser;
  before(async () => {
    app = await createTestApp({ GRAPHIQL: "true" });
    url = await app.listen();
    const { chromium } = await import("playwright-core");
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
  });
  after(async () => {
    await browser?.close();
    await app?.close();
  });

  it("opens GraphiQL from the server itself (no CDN), runs a query and shows its result", async () => {
    const user = await buildUser(app.ds, { displayName: "浏览器里的读者 📖" });
    const page = await browser.newPage();
    const foreign: string[] = [];
    page.on("request", (req) => {
      const target = req.url();
      if (!target.startsWith(url) && !/^(data|blob):/.test(target)) foreign.push(target);
    });
    const query = `{ user(username: "${user.username}") { username displayName } }`;
    await page.goto(`${url}/graphql?query=${encodeURIComponent(query)}`);
    assert.equal(await page.title(), "知言社区 GraphQL API");
    await page.locator(".graphiql-execute-button").click({ timeout: 30_000 });
    const result = page.locator(".result-window");
    await result.getByText("浏览器里的读者 📖").waitFor({ timeout: 30_000 });
    assert.match((await result.innerText()).replace(/\s+/g, " "), new RegExp(`"username": "${user.username}"`), "Monaco renders non-breaking spaces");
    assert.deepEqual(foreign, [], "GraphiQL loads nothing from other hosts");
    await page.close();
  });
});
