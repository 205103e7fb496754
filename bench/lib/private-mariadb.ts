import { execFile, spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, createWriteStream } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { createConnection } from "mysql2/promise";
import { freePort, sleep } from "./common";

const run = promisify(execFile);

/**
 * A throw-away MariaDB server of our own (datadir in a temp folder, loopback port, root without
 * password): the fault test kills and restarts THIS process, never the machine's shared server.
 */
export class PrivateMariaDB {
  readonly dir = mkdtempSync(join(tmpdir(), "zy-fault-mariadb-"));
  readonly datadir = join(this.dir, "data");
  port = 0;
  private child?: ChildProcess;
  private exited?: Promise<void>;

  static binary(): string {
    return process.env.MARIADBD ?? "/usr/sbin/mariadbd";
  }

  get url(): string {
    return `mysql://root@127.0.0.1:${this.port}`;
  }

  async install(): Promise<void> {
    this.port = await freePort();
    const installer = process.env.MARIADB_INSTALL_DB ?? "mariadb-install-db";
    await run(installer, ["--no-defaults", `--datadir=${this.datadir}`, "--auth-root-authentication-method=normal", "--skip-test-db"], { timeout: 120_000 });
  }

  /** Starts mariadbd on the same datadir and port; resolves when it accepts connections. */
  async start(timeoutMs = 60_000): Promise<void> {
    const log = createWriteStream(join(this.dir, "mariadbd.log"), { flags: "a" });
    const child = spawn(
      PrivateMariaDB.binary(),
      [
        "--no-defaults",
        `--datadir=${this.datadir}`,
        `--socket=${join(this.dir, "sock")}`,
        `--pid-file=${join(this.dir, "pid")}`,
        `--port=${this.port}`,
        "--bind-address=127.0.0.1",
        "--user=root",
        "--skip-log-bin",
        "--innodb-buffer-pool-size=64M",
        "--max-connections=200",
        "--character-set-server=utf8mb4",
        "--collation-server=utf8mb4_unicode_ci",
      ],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    child.stdout!.pipe(log);
    child.stderr!.pipe(log);
    this.child = child;
    this.exited = new Promise((r) => child.once("exit", () => r()));
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`mariadbd exited with ${child.exitCode}; see ${join(this.dir, "mariadbd.log")}`);
      try {
        const c = await createConnection({ host: "127.0.0.1", port: this.port, user: "root", connectTimeout: 1000 });
        await c.end();
        return;
      } catch {
        await sleep(100);
      }
    }
    throw new Error(`mariadbd did not accept connections within ${timeoutMs} ms`);
  }

  /** Stops the server: SIGKILL (a crash) or SIGTERM (a clean shutdown). */
  async stop(signal: "SIGKILL" | "SIGTERM" = "SIGKILL"): Promise<void> {
    if (!this.child || this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill(signal);
    await this.exited;
  }

  async query(sql: string, database?: string): Promise<any> {
    const c = await createConnection({ host: "127.0.0.1", port: this.port, user: "root", database, connectTimeout: 5000 });
    try {
      const [rows] = await c.query(sql);
      return rows;
    } finally {
      await c.end();
    }
  }

  async destroy(): Promise<void> {
    await this.stop("SIGKILL").catch(() => undefined);
    if (!process.env.FAULT_KEEP_DATADIR) rmSync(this.dir, { recursive: true, force: true });
  }
}
