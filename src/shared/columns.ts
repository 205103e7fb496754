import { Column, type ColumnOptions } from "typeorm";

/** A UTC timestamp with millisecond precision on both engines (datetime(3) on MySQL). */
export const DateTimeColumn = (options: ColumnOptions = {}) => Column({ type: "datetime", precision: 3, ...options });

/** Portable migration column definition matching DateTimeColumn. */
export const dateTimeColumn = (name: string, nullable = false) => ({ name, type: "datetime", precision: 3, isNullable: nullable });
