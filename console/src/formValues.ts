import type { FieldSchema } from './api/types';

/** A form's starting values from the action's schema: defaults where the rule has them, objects filled in, lists empty. */
export function initialValue(schema: FieldSchema): unknown {
  if (schema.default !== undefined) return structuredClone(schema.default);
  if (schema.type === 'object' && schema.properties) return Object.fromEntries(Object.entries(schema.properties).map(([k, s]) => [k, initialValue(s)]));
  if (schema.type === 'array') return [];
  if (schema.type === 'boolean') return false;
  return undefined;
}

/** What is sent: blanks left out, so an optional field left empty is absent rather than "too short". */
export function submittedValue(value: unknown): unknown {
  if (typeof value === 'string') return value.trim() === '' ? undefined : value.trim();
  if (Array.isArray(value)) return value.map(submittedValue).filter((v) => v !== undefined);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const kept = submittedValue(v);
      if (kept !== undefined) out[k] = kept;
    }
    return out;
  }
  return value ?? undefined;
}
