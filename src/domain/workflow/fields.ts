import { z } from 'zod';
import { HIDDEN_CHARACTER_WORDS, hasHiddenCharacter, type TextKind } from '../../shared/textRules';
import { isRealDate } from '../calendar';

/**
 * Field shapes the procedure's forms share, each with a Chinese message naming the field, and
 * the field's name as its title: the console draws each action's form from the action's input
 * schema (as JSON Schema), so a new step's form needs no screen code.
 * Stored text refuses control, bidi-override and zero-width characters (src/shared/textRules.ts,
 * the mini-program's check too): they garble a printed 核查认定表 and can hide what a note really
 * says. Every string has a max that fits its column (test/domain/textLimits.test.ts checks them).
 */
const bounded = (field: string, min: number, max: number, kind: TextKind) =>
  z
    .string({ error: `请填写${field}` })
    .trim()
    .min(min, { error: min <= 1 ? `请填写${field}` : `${field}至少${min}个字` })
    .max(max, { error: `${field}最多${max}个字` })
    .refine((v) => !hasHiddenCharacter(v, kind), { error: `${field}${HIDDEN_CHARACTER_WORDS}` })
    .meta({ title: field });

/** Free text: a reason, a note, what someone said. Line breaks and tabs are kept. */
export const text = (field: string, min: number, max: number) => bounded(field, min, max, 'text');

/** One line: a name, a relation, a place, a title. */
export const line = (field: string, min: number, max: number) => bounded(field, min, max, 'name');

export const reason = text('原因', 2, 500);
export const note = text('备注', 1, 500).optional();
export const PERSON_NAME_MAX = 20;
/** A person's name: 2 to 20 characters, as on an ID card (the longest minority names fit). */
export const personName = (field: string) => line(field, 2, PERSON_NAME_MAX);

export const date = (field: string) =>
  z
    .string({ error: `请填写${field}` })
    .regex(/^\d{4}-\d{2}-\d{2}$/, { error: `${field}应为日期，例如2026-11-20` })
    .refine(isRealDate, { error: `${field}不是有效日期` })
    .meta({ title: field, format: 'date' });

export const yuan = (field: string) =>
  z
    .number({ error: `${field}应为数字（元）` })
    .min(0, { error: `${field}不能是负数` })
    .max(10_000_000, { error: `${field}太大了，请核对` })
    .meta({ title: field, 'x-unit': '元' })
    .transform((v) => Math.round(v));

export const count = (field: string, min: number, max: number) =>
  z
    .number({ error: `${field}应为整数` })
    .int({ error: `${field}应为整数` })
    .min(min, { error: `${field}至少为${min}` })
    .max(max, { error: `${field}不能超过${max}` })
    .meta({ title: field });

/** One code of a few, with the words a form shows for each (`x-labels`). */
export const choice = <K extends string>(field: string, labels: Readonly<Record<K, string>>, error?: string) =>
  z.enum(Object.keys(labels) as [K, ...K[]], { error: error ?? `请选择${field}` }).meta({ title: field, 'x-labels': labels });

/** A set of codes from a catalogue: duplicates folded, in the catalogue's (official) order. */
export const codes = <K extends string>(field: string, values: readonly K[], min = 0, labels?: Readonly<Record<K, string>>) =>
  z
    .array(z.enum(values as [K, ...K[]], { error: `${field}不正确` }), { error: `请选择${field}` })
    .min(min, { error: `请选择${field}` })
    .max(values.length)
    .meta({ title: field, ...(labels ? { 'x-labels': labels } : {}) })
    .transform((list) => values.filter((v) => list.includes(v)));
