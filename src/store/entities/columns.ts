import type { ColumnOptions } from 'typeorm';

/**
 * Column shapes that mean the same on MariaDB and SQLite, so the hand-written migration and the
 * entities never drift (checked by test/store/migrations.test.ts on both drivers).
 */
export const fk = (nullable = false) => ({ type: 'integer', nullable }) as const satisfies ColumnOptions;
export const str = (length: number, nullable = false) => ({ type: 'varchar', length, nullable }) as const satisfies ColumnOptions;
export const int = (nullable = false) => ({ type: 'integer', nullable }) as const satisfies ColumnOptions;
export const bool = { type: 'boolean' } as const satisfies ColumnOptions;
export const time = (nullable = false) => ({ type: 'datetime', precision: 3, nullable }) as const satisfies ColumnOptions;
export const json = (nullable = false) => ({ type: 'simple-json', nullable }) as const satisfies ColumnOptions;

/** A concrete JSON shape for simple-json columns (TypeORM's insert typing chokes on `unknown`). */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };
