// node:sqlite returns loosely typed rows; these readers turn one column into the
// type the schema promises, and fail loudly if the schema and the code disagree.
import type { SQLOutputValue } from 'node:sqlite';

export type Row = Record<string, SQLOutputValue>;

export function readText(row: Row, column: string): string {
  const value = row[column];
  if (typeof value !== 'string') throw new Error(`Column ${column} is not text`);
  return value;
}

export function readOptionalText(row: Row, column: string): string | null {
  const value = row[column];
  if (value === null || value === undefined) return null;
  if (typeof value !== 'string') throw new Error(`Column ${column} is not text`);
  return value;
}

export function readInteger(row: Row, column: string): number {
  const value = row[column];
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  throw new Error(`Column ${column} is not a number`);
}

export function readOptionalInteger(row: Row, column: string): number | null {
  const value = row[column];
  if (value === null || value === undefined) return null;
  return readInteger(row, column);
}

export function readBoolean(row: Row, column: string): boolean {
  return readInteger(row, column) !== 0;
}

export function readBlob(row: Row, column: string): Buffer {
  const value = row[column];
  if (!(value instanceof Uint8Array)) throw new Error(`Column ${column} is not a blob`);
  return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
}

export function readJson<T>(row: Row, column: string, fallback: T): T {
  const text = readOptionalText(row, column);
  if (text === null) return fallback;
  return JSON.parse(text) as T;
}
