// Builds, from a channel's zod schema alone, one valid argument object, and from it the
// hostile variants a compromised renderer could send. Used by the IPC fuzz test, so that a
// channel added to shared/contract.ts is fuzzed without anyone writing its sample by hand.
import type { z } from 'zod';

type Def = {
  readonly type: string;
  readonly shape?: Record<string, z.ZodType>;
  readonly element?: z.ZodType;
  readonly innerType?: z.ZodType;
  readonly options?: readonly z.ZodType[];
  readonly entries?: Record<string, string | number>;
  readonly values?: readonly unknown[];
  readonly in?: z.ZodType;
  readonly checks?: readonly { readonly _zod: { readonly def: { readonly check: string; readonly minimum?: number } } }[];
};

function defOf(schema: z.ZodType): Def {
  return (schema as unknown as { readonly _zod: { readonly def: Def } })._zod.def;
}

// Values a field is given when its name says what it holds (ids of seeded rows).
export type NamedValues = Readonly<Record<string, unknown>>;

// Strings that satisfy the formats the contract uses; the first one the field accepts wins.
const stringCandidates = [
  'alice@example.org',
  'Sample',
  'imap.example.org',
  '127.0.0.1',
  '#3366ff',
  'text/plain',
  '<sample@example.org>',
  'aGVsbG8=',
  Array.from({ length: 32 }, () => 'AB').join(':'),
  'https://example.org/',
  '$label1',
  '7',
  'a',
];
const numberCandidates = [1, 30, 300, 0, 1024, 2048, 65535];

function accepts(schema: z.ZodType, value: unknown): boolean {
  return schema.safeParse(value).success;
}

export function validSample(schema: z.ZodType, named: NamedValues = {}, name = ''): unknown {
  const def = defOf(schema);
  if (name !== '' && Object.prototype.hasOwnProperty.call(named, name) && accepts(schema, named[name])) return named[name];
  switch (def.type) {
    case 'object': {
      const sample: Record<string, unknown> = {};
      for (const [key, field] of Object.entries(def.shape ?? {})) sample[key] = validSample(field, named, key);
      return sample;
    }
    case 'optional':
    case 'nullable':
    case 'readonly':
    case 'default':
    case 'prefault':
    case 'nonoptional':
    case 'catch':
      return validSample(def.innerType as z.ZodType, named, name);
    case 'pipe':
      return validSample(def.in as z.ZodType, named, name);
    case 'array': {
      const element = validSample(def.element as z.ZodType, named, name);
      const minimum = def.checks?.find((check) => check._zod.def.check === 'min_length')?._zod.def.minimum ?? 1;
      return Array.from({ length: Math.max(1, minimum) }, () => element);
    }
    case 'union':
      for (const option of def.options ?? []) {
        const sample = validSample(option, named, name);
        if (accepts(option, sample)) return sample;
      }
      return undefined;
    case 'enum':
      return Object.values(def.entries ?? {})[0];
    case 'literal':
      return def.values?.[0];
    case 'boolean':
      return true;
    case 'null':
      return null;
    case 'string':
      return stringCandidates.find((candidate) => accepts(schema, candidate)) ?? 'a';
    case 'number':
    case 'int':
      return numberCandidates.find((candidate) => accepts(schema, candidate)) ?? 1;
    default:
      return stringCandidates.find((candidate) => accepts(schema, candidate)) ?? numberCandidates.find((candidate) => accepts(schema, candidate));
  }
}

export type HostilePayload = { readonly name: string; readonly payload: unknown };

// A string longer than any field of the contract accepts (the largest, a file to import as
// base64, stops at about 85 MB), made once and shared by every payload that carries it.
export const hugeString = 'x'.repeat(100 * 1024 * 1024);

type Path = readonly (string | number)[];

function leaves(value: unknown, path: Path = []): { readonly path: Path; readonly value: unknown }[] {
  if (Array.isArray(value)) return value.length === 0 ? [{ path, value }] : value.flatMap((item, index) => leaves(item, [...path, index]));
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value);
    return entries.length === 0 ? [{ path, value }] : entries.flatMap(([key, item]) => leaves(item, [...path, key]));
  }
  return [{ path, value }];
}

function objectPaths(value: unknown, path: Path = []): Path[] {
  if (Array.isArray(value)) return value.flatMap((item, index) => objectPaths(item, [...path, index]));
  if (typeof value === 'object' && value !== null) return [path, ...Object.entries(value).flatMap(([key, item]) => objectPaths(item, [...path, key]))];
  return [];
}

function replaced(sample: unknown, path: Path, value: unknown): unknown {
  if (path.length === 0) return value;
  const copy = structuredClone(sample) as Record<string | number, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  node[path[path.length - 1] as string | number] = value;
  return copy;
}

// JSON.parse makes "__proto__" an own property, as a payload arriving over IPC or the
// WebSocket would have it; an object literal would set the prototype instead.
function withOwnKey(sample: unknown, path: Path, key: string, value: unknown): unknown {
  const json = JSON.stringify(sample);
  const copy = JSON.parse(json) as Record<string | number, unknown>;
  let node = copy;
  for (const step of path) node = node[step] as Record<string | number, unknown>;
  const extra = JSON.parse(`{${JSON.stringify(key)}:${JSON.stringify(value)}}`) as Record<string, unknown>;
  Object.defineProperty(node, key, { value: extra[key], enumerable: true, configurable: true, writable: true });
  return copy;
}

function wrongType(value: unknown): unknown {
  if (typeof value === 'string') return 12345;
  if (typeof value === 'number') return '1';
  if (typeof value === 'boolean') return 'true';
  if (value === null) return 0;
  return 'x';
}

// Every variant must be refused: each breaks the sample in exactly one way.
export function hostilePayloads(sample: unknown): readonly HostilePayload[] {
  const payloads: HostilePayload[] = [
    { name: 'a number instead of the arguments', payload: 42 },
    { name: 'a string instead of the arguments', payload: 'listAccounts' },
    { name: 'an array instead of the arguments', payload: [sample] },
    { name: 'a huge string instead of the arguments', payload: hugeString },
    { name: 'NaN instead of the arguments', payload: Number.NaN },
  ];
  for (const leaf of leaves(sample)) {
    const where = leaf.path.length === 0 ? 'the arguments' : leaf.path.join('.');
    payloads.push({ name: `${where}: wrong type`, payload: replaced(sample, leaf.path, wrongType(leaf.value)) });
    payloads.push({ name: `${where}: NaN`, payload: replaced(sample, leaf.path, Number.NaN) });
    payloads.push({ name: `${where}: a huge string`, payload: replaced(sample, leaf.path, typeof leaf.value === 'string' ? hugeString : { huge: hugeString }) });
    if (typeof leaf.value === 'number') {
      payloads.push({ name: `${where}: negative`, payload: replaced(sample, leaf.path, -1) });
      payloads.push({ name: `${where}: Infinity`, payload: replaced(sample, leaf.path, Number.POSITIVE_INFINITY) });
      payloads.push({ name: `${where}: fractional`, payload: replaced(sample, leaf.path, leaf.value + 0.5) });
    }
    payloads.push({ name: `${where}: a __proto__ object`, payload: replaced(sample, leaf.path, JSON.parse('{"__proto__":{"polluted":true}}')) });
  }
  for (const path of objectPaths(sample)) {
    const where = path.length === 0 ? 'the arguments' : path.join('.');
    payloads.push({ name: `${where}: an extra key`, payload: withOwnKey(sample, path, 'extra', 1) });
    payloads.push({ name: `${where}: an own __proto__ key`, payload: withOwnKey(sample, path, '__proto__', { polluted: true, isAdmin: true }) });
    payloads.push({ name: `${where}: a constructor.prototype key`, payload: withOwnKey(sample, path, 'constructor', { prototype: { polluted: true } }) });
  }
  return payloads;
}
