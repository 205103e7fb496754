/**
 * The ceiling of `npm run bench`: node:http answering each workload with the precomputed bytes the
 * project returned for it (chosen by the `x-bench-workload` header). No database, no GraphQL.
 * Environment: PORT, BENCH_CEILING_FILE (JSON: workload key → response body).
 */
import { readFileSync } from "node:fs";
import { createServer } from "node:http";

const bodies = new Map<string, Buffer>(Object.entries(JSON.parse(readFileSync(process.env.BENCH_CEILING_FILE!, "utf8")) as Record<string, string>).map(([k, v]) => [k, Buffer.from(v, "utf8")]));

const server = createServer((req, res) => {
  if (req.url === "/debug/stats") {
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ statements: 0, rss: process.memoryUsage().rss }));
    return;
  }
  req.resume();
  req.on("end", () => {
    const body = bodies.get(String(req.headers["x-bench-workload"]));
    if (!body) res.writeHead(404).end();
    else res.writeHead(200, { "content-type": "application/json; charset=utf-8", "content-length": body.length }).end(body);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(Number(process.env.PORT ?? 4104), "127.0.0.1");
