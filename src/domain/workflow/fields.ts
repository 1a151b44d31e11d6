import { z } from 'zod';
import { isRealDate } from '../calendar';

/**
 * Field shapes the procedure's forms share, each with a Chinese message naming the field, and
 * the field's name as its title: the console draws each action's form from the action's input
 * schema (as JSON Schema), so a new step's form needs no screen code.
 * Stored text refuses control, bidi-override and zero-width characters: they garble a printed
 * 核查认定表 and can hide what a note really says.
 */
const INVISIBLE = /[\u0000-\u0008\u000b-\u001f\u007f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/;

export const text = (field: string, min: number, max: number) =>
  z
    .string({ error: `请填写${field}` })
    .trim()
    .min(min, { error: min <= 1 ? `请填写${field}` : `${field}至少${min}个字` })
    .max(max, { error: `${field}最多${max}个字` })
    .refine((v) => !INVISIBLE.test(v), { error: `${field}里有看不见的控制字符，请重新输入` })
    .meta({ title: field });

export const reason = text('原因', 2, 500);
export const note = text('备注', 1, 500).optional();
export const personName = (field: string) => text(field, 2, 20);

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
