import { z } from 'zod';

/**
 * The largest input a schema's own bounds allow, built from its JSON Schema (as the console's
 * forms read it): every optional field present, every string at its max length in 3-byte
 * characters (the worst case for utf8mb4 JSON), every list at its max length, every enum list
 * with all its values, the longest choice of a union. Refinements can only make the valid set
 * smaller, so what this builds is an upper bound of what can be stored.
 *
 * A string or list without a bound throws: that is the point, a new field without a max is found
 * here rather than by a 500 from MariaDB. Strings whose shape is a known pattern get a sample;
 * others without a JSON Schema bound (a refine-only check) need one in `samples`, by path
 * (`applicant.idNumber`, `milestones[].date`).
 */
type Json = Record<string, unknown>;

export interface Maximal {
  value: unknown;
  /** Paths of plain text fields (no pattern, no enum): where a name or free text goes. */
  texts: (string | number)[][];
}

const PATTERN_SAMPLES: Record<string, (n: number) => string> = {
  '^\\d{4}-\\d{2}-\\d{2}$': () => MAXIMAL_DATE,
  '^\\d{12}$': () => '152221101201',
  '^\\d{9}$': (n) => `152221${String(100 + (n % 900))}`,
  '^\\d{6}$': () => '152221',
  '^\\d{6}(\\d{3})?$': () => '152221101',
  '^1[3-9]\\d{9}$': () => '13912345678',
  '^[a-z][a-z0-9_]{1,31}$': (n) => `k${n}`.padEnd(32, 'x'),
  '^[A-Za-z0-9_.-]{3,64}$': (n) => `u${n}`.padEnd(64, 'x'),
};

/** The date every generated date field gets (the rule tests' calendar: before their "now"). */
export const MAXIMAL_DATE = '2026-11-20';

/** `length` characters of 3 bytes each in UTF-8, different from every other string generated (names must differ). */
function cjk(length: number, n: number): string {
  return String.fromCharCode(0x4e00 + (n % 20_000)) + '中'.repeat(Math.max(0, length - 1));
}

export function maximalInput(schema: z.ZodType, samples: Record<string, unknown> = {}): Maximal {
  const root = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Json;
  const defs = (root.$defs ?? {}) as Record<string, Json>;
  const texts: (string | number)[][] = [];
  let counter = 0;

  const key = (path: (string | number)[]) => path.map((p) => (typeof p === 'number' ? '[]' : `.${p}`)).join('').replace(/^\./, '').replace(/\.\[\]/g, '[]');
  const bytes = (v: unknown) => Buffer.byteLength(JSON.stringify(v) ?? '');

  function build(node: Json, path: (string | number)[]): unknown {
    const where = key(path) || '(root)';
    if (where in samples) return samples[where];
    if (typeof node.$ref === 'string') return build(defs[node.$ref.replace('#/$defs/', '')], path);
    if ('const' in node) return node.const;
    if (Array.isArray(node.enum)) return [...(node.enum as unknown[])].sort((a, b) => bytes(b) - bytes(a))[0];
    for (const alternatives of [node.anyOf, node.oneOf]) {
      if (Array.isArray(alternatives)) {
        const built = (alternatives as Json[]).map((a) => build(a, path));
        return built.sort((a, b) => bytes(b) - bytes(a))[0];
      }
    }
    if (Array.isArray(node.allOf)) return Object.assign({}, ...(node.allOf as Json[]).map((part) => build(part, path)));
    switch (node.type) {
      case 'object': {
        if (node.additionalProperties && node.additionalProperties !== false) throw new Error(`${where}: an object with open keys has no bound`);
        const properties = (node.properties ?? {}) as Record<string, Json>;
        return Object.fromEntries(Object.entries(properties).map(([name, child]) => [name, build(child, [...path, name])]));
      }
      case 'array': {
        const items = node.items as Json;
        const itemEnum = items.enum as unknown[] | undefined;
        if (itemEnum) return [...itemEnum];
        if (typeof node.maxItems !== 'number') throw new Error(`${where}: a list without maxItems can outgrow its column`);
        return Array.from({ length: node.maxItems }, (_, i) => build(items, [...path, i]));
      }
      case 'string': {
        const n = counter++;
        if (typeof node.pattern === 'string') {
          const sample = PATTERN_SAMPLES[node.pattern];
          if (!sample) throw new Error(`${where}: no sample for the pattern ${node.pattern} (add one to PATTERN_SAMPLES)`);
          return sample(n);
        }
        if (node.format === 'date') return MAXIMAL_DATE;
        if (typeof node.maxLength !== 'number') throw new Error(`${where}: a string without maxLength can outgrow its column`);
        texts.push(path);
        return cjk(node.maxLength, n);
      }
      case 'integer':
        return typeof node.maximum === 'number' ? node.maximum : Number.MAX_SAFE_INTEGER;
      case 'number':
        return typeof node.maximum === 'number' ? node.maximum : Number.MAX_SAFE_INTEGER;
      case 'boolean':
        return true;
      case 'null':
        return null;
      default:
        throw new Error(`${where}: cannot build a value for ${JSON.stringify(node).slice(0, 120)}`);
    }
  }

  return { value: build(root, []), texts };
}

/** A copy of `value` with the leaf at `path` replaced. */
export function withLeaf(value: unknown, path: (string | number)[], leaf: unknown): unknown {
  if (path.length === 0) return leaf;
  const [head, ...rest] = path;
  if (Array.isArray(value)) return value.map((item, i) => (i === head ? withLeaf(item, rest, leaf) : item));
  const object = value as Record<string, unknown>;
  return { ...object, [head]: withLeaf(object[head], rest, leaf) };
}
