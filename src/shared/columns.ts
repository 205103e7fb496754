import { Column, type ColumnOptions, type DataSource } from "typeorm";

/** A UTC timestamp with millisecond precision on both engines (datetime(3) on MySQL). */
export const DateTimeColumn = (options: ColumnOptions = {}) => Column({ type: "datetime", precision: 3, ...options });

/** Portable migration column definition matching DateTimeColumn. */
export const dateTimeColumn = (name: string, nullable = false) => ({ name, type: "datetime", precision: 3, isNullable: nullable });

const longTextColumns: { target: object; propertyName: string | symbol }[] = [];

/**
 * Text longer than 64 KB (article bodies): MEDIUMTEXT on MySQL, TEXT on SQLite. The entity
 * declares it once; `useEngineColumnTypes` sets the engine's type once the DataSource is built.
 */
export function LongTextColumn(options: ColumnOptions = {}): PropertyDecorator {
  return (target, propertyName) => {
    Column({ type: "text", ...options })(target, propertyName);
    longTextColumns.push({ target: target.constructor, propertyName });
  };
}

/** Call after `DataSource.initialize()` (metadata built) and before migrations or queries. */
export function useEngineColumnTypes(ds: DataSource): void {
  const type = ds.options.type === "better-sqlite3" ? "text" : "mediumtext";
  for (const meta of ds.entityMetadatas) {
    for (const column of meta.columns) {
      if (longTextColumns.some((c) => c.target === column.target && c.propertyName === column.propertyName)) column.type = type;
    }
  }
}

/** Portable migration definition matching LongTextColumn. */
export const longTextColumn = (engineType: string, name: string, nullable = false) => ({
  name,
  type: engineType === "better-sqlite3" ? "text" : "mediumtext",
  isNullable: nullable,
});

/** Integer column for ids and foreign keys (INTEGER on SQLite, INT on MySQL). */
export const intColumn = (name: string, nullable = false) => ({ name, type: "integer", isNullable: nullable });

export const idColumn = { name: "id", type: "integer", isPrimary: true, isGenerated: true, generationStrategy: "increment" as const };
