import { AsyncLocalStorage } from "node:async_hooks";
import type { Logger, QueryRunner } from "typeorm";

/** Per-request SQL statement tally; the request context opens one, tests and the benchmark read it. */
export interface QueryTally {
  count: number;
  statements?: string[];
}

const storage = new AsyncLocalStorage<QueryTally>();

export function runWithQueryTally<T>(tally: QueryTally, fn: () => T): T {
  return storage.run(tally, fn);
}

export function enterQueryTally(tally: QueryTally): void {
  storage.enterWith(tally);
}

export function currentQueryTally(): QueryTally | undefined {
  return storage.getStore();
}

/** Process-wide counter: `GET /debug/stats` (BENCH_STATS=1) serves it to `npm run bench`. */
export const processQueryCount = { total: 0 };

const TRANSACTION_CONTROL = /^(START TRANSACTION|BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE SAVEPOINT|SET TRANSACTION)/i;

/** TypeORM logger that counts statements (transaction control excluded) into the current tally. */
export class CountingLogger implements Logger {
  constructor(private readonly logSql = false) {}

  logQuery(query: string, parameters?: unknown[], _queryRunner?: QueryRunner): void {
    if (TRANSACTION_CONTROL.test(query.trim())) return;
    processQueryCount.total += 1;
    const tally = storage.getStore();
    if (tally) {
      tally.count += 1;
      tally.statements?.push(query);
    }
    if (this.logSql) process.stderr.write(`[sql] ${query} ${parameters ? JSON.stringify(parameters) : ""}\n`);
  }
  logQueryError(): void {}
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(): void {}
}
