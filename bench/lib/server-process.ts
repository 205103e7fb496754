import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream } from "node:fs";
import { join } from "node:path";
import { freePort, ROOT, sleep } from "./common";

export interface ServerProcess {
  base: string;
  child: ChildProcess;
  /** Set once the process has exited (code or signal). */
  exit?: { code: number | null; signal: NodeJS.Signals | null };
  alive(): boolean;
  stop(): Promise<void>;
}

export const SERVER_SECRET = "bench-secret-that-is-long-enough-for-hs256-0123456789";

/**
 * Starts `node dist/src/index.js` on a loopback port with `env` on top of a production-like
 * environment, its output going to `logFile`; resolves when /readyz answers 200.
 */
export async function startServer(env: Record<string, string | undefined>, logFile: string, readyTimeoutMs = 60_000): Promise<ServerProcess> {
  const port = await freePort();
  const log = createWriteStream(logFile, { flags: "a" });
  const child = spawn(process.execPath, [join(ROOT, "dist/src/index.js")], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      NODE_ENV: "production",
      JWT_SECRET: SERVER_SECRET,
      LOG_LEVEL: "warn",
      HOST: "127.0.0.1",
      PORT: String(port),
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.pipe(log);
  child.stderr!.pipe(log);
  const proc: ServerProcess = {
    base: `http://127.0.0.1:${port}`,
    child,
    alive: () => proc.exit === undefined,
    async stop() {
      if (proc.exit) return;
      const exited = new Promise<void>((r) => child.once("exit", () => r()));
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 20_000);
      await exited;
      clearTimeout(timer);
    },
  };
  child.once("exit", (code, signal) => {
    proc.exit = { code, signal };
  });
  const deadline = Date.now() + readyTimeoutMs;
  while (Date.now() < deadline) {
    if (proc.exit) throw new Error(`server exited during start (code ${proc.exit.code}); see ${logFile}`);
    try {
      const res = await fetch(`${proc.base}/readyz`, { signal: AbortSignal.timeout(2000) });
      if (res.status === 200) return proc;
    } catch {
      /* not listening yet */
    }
    await sleep(200);
  }
  child.kill("SIGKILL");
  throw new Error(`server not ready after ${readyTimeoutMs} ms; see ${logFile}`);
}
