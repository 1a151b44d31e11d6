import 'reflect-metadata';
import { getMetadataArgsStorage } from 'typeorm';
import { z } from 'zod';
import { campaignSchema } from '../../src/domain/campaigns';
import { applicantSchema, declarationSchema, proxySchema } from '../../src/domain/declaration';
import { DomainError } from '../../src/domain/errors';
import { householdReportSchema, reportWords } from '../../src/domain/householdReport';
import { holidayNoticeSchema } from '../../src/domain/holidayNotice';
import { reminderLadderSchema } from '../../src/domain/reminders';
import { JSON_COLUMN_BYTES, jsonBytes, MAX_HELP_FIRST, MAX_OBJECTIONS } from '../../src/domain/textLimits';
import { DEPARTMENT_MAX, REASON_MAX } from '../../src/domain/warnings/rows';
import {
  CASE_ACTIONS,
  decide,
  ruleOf,
  type ActingRole,
  type CaseAction,
  type CaseState,
  type WorkflowActor,
  type WorkflowCase,
} from '../../src/domain/workflow';
import { caseListQuery, keptListQuery } from '../../src/http/caseFilterQuery';
import { addCadreSchema } from '../../src/services/staffAccountChanges';
import { addUserSchema } from '../../src/services/staffAdmin';
import { hasHiddenCharacter } from '../../src/shared/textRules';
import { Campaign, CalendarYear, Case, CaseEvent, CaseReport, DepartmentWarning, ReminderLadder, SavedFilter, StaffUser } from '../../src/store/entities';
import { validIdNumber } from '../support/ids';
import { maximalInput, withLeaf } from '../support/maximalInput';
import { ACTORS, ASSIGNEE_ID, caseIn, env } from './workflow/fixtures';

/**
 * Every stored string and document, filled to the limits its schema allows, still fits its
 * column on MariaDB (varchar lengths in characters, TEXT in 65,535 bytes). A new field without a
 * bound, a list that grows with each action, or a max above its column fails here.
 */

const columnLength = (entity: Function, property: string): number => {
  const column = getMetadataArgsStorage().columns.find((c) => c.target === entity && c.propertyName === property);
  if (!column) throw new Error(`no column ${entity.name}.${property}`);
  if (column.options.type === 'simple-json' || column.options.type === 'text') return JSON_COLUMN_BYTES;
  if (typeof column.options.length !== 'number') throw new Error(`${entity.name}.${property} has no length`);
  return column.options.length;
};
const maxLength = (schema: z.ZodType): number => {
  const json = z.toJSONSchema(schema, { io: 'input' }) as { maxLength?: number };
  if (typeof json.maxLength !== 'number') throw new Error('the schema has no maxLength');
  return json.maxLength;
};

describe('a varchar column holds the longest string its schema lets through', () => {
  const cases: [string, Function, string, z.ZodType][] = [
    ['户主姓名', Case, 'applicantName', applicantSchema.shape.name],
    ['代申报人姓名', Case, 'proxyName', proxySchema.shape.name],
    ['与户主的关系', Case, 'proxyRelation', proxySchema.shape.relation],
    ['工作人员姓名（命令行）', StaffUser, 'displayName', addUserSchema.shape.name.unwrap()],
    ['工作人员姓名（管理页）', StaffUser, 'displayName', addCadreSchema.shape.name],
    ['年度工作名称', Campaign, 'name', campaignSchema.shape.name],
    ['同户再次申报：报告人（户主）', CaseReport, 'reporterName', applicantSchema.shape.name],
    ['同户再次申报：报告人（亲属）', CaseReport, 'reporterName', proxySchema.shape.name],
    ['同户再次申报：关系', CaseReport, 'relation', proxySchema.shape.relation],
    ['同户再次申报：户主', CaseReport, 'applicantName', applicantSchema.shape.name],
    ['同户再次申报：想说的话', CaseReport, 'words', reportWords],
  ];
  it.each(cases)('%s', (_label, entity, property, schema) => {
    expect(maxLength(schema)).toBeLessThanOrEqual(columnLength(entity, property));
  });

  it('who acted (a staff name, the applicant or the proxy) fits the audit row and the records', () => {
    expect(columnLength(StaffUser, 'displayName')).toBeLessThanOrEqual(columnLength(CaseEvent, 'actorName'));
    expect(columnLength(Case, 'applicantName')).toBeLessThanOrEqual(columnLength(CaseEvent, 'actorName'));
    expect(columnLength(Case, 'proxyName')).toBeLessThanOrEqual(columnLength(CaseEvent, 'actorName'));
    expect(columnLength(StaffUser, 'displayName')).toBeLessThanOrEqual(columnLength(Campaign, 'updatedBy'));
    expect(columnLength(StaffUser, 'displayName')).toBeLessThanOrEqual(columnLength(ReminderLadder, 'updatedBy'));
    expect(columnLength(StaffUser, 'displayName')).toBeLessThanOrEqual(columnLength(CalendarYear, 'enteredBy'));
  });

  it('a department warning keeps the longest reason and department an import accepts', () => {
    expect(REASON_MAX).toBeLessThanOrEqual(columnLength(DepartmentWarning, 'reason'));
    expect(DEPARTMENT_MAX).toBeLessThanOrEqual(columnLength(DepartmentWarning, 'department'));
  });

  it('a saved filter keeps the longest list query, percent-encoded as it is stored', () => {
    // Every filter at its longest, the search text in 3-byte characters (9 once percent-encoded).
    const query = new URLSearchParams(maximalInput(caseListQuery).value as Record<string, string>).toString();
    const kept = keptListQuery(query);
    expect(kept).toContain('%E4%B8%AD%E4%B8%AD');
    expect(kept.length).toBeLessThanOrEqual(columnLength(SavedFilter, 'query'));
  });
});

describe('a JSON document filled to its schema limits fits its TEXT column', () => {
  it('the declaration (details, hardships)', () => {
    const { value } = maximalInput(declarationSchema, { 'applicant.idNumber': validIdNumber(1) });
    const declaration = value as { details: unknown; hardships: unknown };
    expect(jsonBytes(declaration.details)).toBeLessThanOrEqual(columnLength(Case, 'details'));
    expect(jsonBytes(declaration.hardships)).toBeLessThanOrEqual(columnLength(Case, 'hardships'));
  });

  it('a campaign (milestones), a reminder ladder, a holiday notice', () => {
    const campaign = maximalInput(campaignSchema, { 'milestones[].date': '2026-12-31', 'milestones[].from': '2026-12-01' }).value as { milestones: unknown };
    expect(jsonBytes(campaign.milestones)).toBeLessThanOrEqual(columnLength(Campaign, 'milestones'));
    expect(jsonBytes(maximalInput(reminderLadderSchema).value)).toBeLessThanOrEqual(columnLength(ReminderLadder, 'rules'));
    expect(jsonBytes(maximalInput(holidayNoticeSchema).value)).toBeLessThanOrEqual(columnLength(CalendarYear, 'notice'));
  });

  it('the builder refuses a list or a string without a bound, so the check above can fail', () => {
    expect(() => maximalInput(z.object({ names: z.array(z.string().max(5)) }))).toThrow('names: a list without maxItems');
    expect(() => maximalInput(z.object({ note: z.string() }))).toThrow('note: a string without maxLength');
    const { value } = maximalInput(z.object({ words: z.array(z.string().max(30_000)).max(1) }));
    expect(jsonBytes(value)).toBeGreaterThan(JSON_COLUMN_BYTES);
  });
});

/**
 * Every action of the rule table, taken with its largest valid input in each state it may be
 * taken in, as often as it keeps the case in that state (objections, 先行帮扶 pile up): what it
 * writes to the case, the audit row's data and its note all fit their columns.
 */
describe('what each action of the rule table stores fits its column', () => {
  // Who acts goes into the records too: staff names and the household's at their longest.
  const longest = (actor: WorkflowActor): WorkflowActor => (actor.kind === 'staff' ? { ...actor, name: '张'.repeat(columnLength(StaffUser, 'displayName')) } : actor);
  const ACTOR_OF: Record<ActingRole, WorkflowActor> = {
    cadre: longest(ACTORS.assignee),
    township: longest(ACTORS.township),
    county: longest(ACTORS.county),
    resident: ACTORS.owner,
    system: ACTORS.system,
  };
  const household = { applicantName: '巴'.repeat(maxLength(applicantSchema.shape.name)), proxyName: '代'.repeat(maxLength(proxySchema.shape.name)) };
  /** Valid inputs need a few facts of the fixture case; everything else is the schema's maximum. */
  const ADJUST: Partial<Record<CaseAction, (input: Record<string, unknown>, round: number) => Record<string, unknown>>> = {
    assign: (input) => ({ ...input, assigneeId: ASSIGNEE_ID }),
    // "无风险" with other risk types is refused: every real type is the larger record.
    record_visit: (input) => ({ ...input, verifiedRiskTypes: (input.verifiedRiskTypes as string[]).filter((t) => t !== 'none') }),
    answer_objection: (input, round) => ({ ...input, no: round + 1 }),
  };
  const JSON_CHANGES = ['visit', 'confirmation', 'review', 'publicity', 'helpFirst', 'measures'] as const;
  const ROUNDS = 3 * Math.max(MAX_OBJECTIONS, MAX_HELP_FIRST);

  // Documents grow along the procedure: each action starts from the fullest ones written before it.
  const fullest: Partial<WorkflowCase> = {};
  const stored: { action: CaseAction; field: string; bytes: number }[] = [];

  it.each(CASE_ACTIONS.map((a) => [a]))('%s', (action) => {
    const rule = ruleOf(action);
    const { value } = maximalInput(rule.input);
    let taken = 0;
    for (const [state, roles] of Object.entries(rule.by) as [CaseState, readonly ActingRole[]][]) {
      const role = roles.find((r) => r !== 'system') ?? roles[0];
      const starts = [{ ...caseIn(state, household), ...fullest }, caseIn(state, household)];
      for (const [index, start] of starts.entries()) {
        const c: WorkflowCase = { ...start };
        const sizes: number[] = [];
        let rounds = 0;
        for (; rounds < ROUNDS; rounds++) {
          const raw = ADJUST[action]?.(value as Record<string, unknown>, rounds) ?? value;
          const parsed = rule.input.safeParse(raw);
          if (!parsed.success) {
            if (rounds === 0) throw new Error(`${action}: the largest input is refused: ${parsed.error.issues[0].message}`);
            break; // The schema itself bounds the repetition (an objection's number).
          }
          let decision;
          try {
            decision = decide(c, ACTOR_OF[role], action, parsed.data, env());
          } catch (error) {
            if (!(error instanceof DomainError)) throw error;
            if (rounds > 0 && error.status === 400) break; // The rule bounds the repetition.
            // From the fullest case the list may be full already, or the step not ready: try the plain one.
            if (rounds === 0 && (index === 0 || error.status === 409)) break;
            throw new Error(`${action} in ${state}, round ${rounds + 1}: ${error.message}`);
          }
          let size = 0;
          for (const field of JSON_CHANGES) {
            if (!(field in decision.changes)) continue;
            const bytes = jsonBytes(decision.changes[field]);
            size += bytes;
            stored.push({ action, field, bytes });
            expect({ action, field, fits: bytes <= columnLength(Case, field) }).toEqual({ action, field, fits: true });
            const before = fullest[field];
            if (decision.changes[field] !== null && (before === undefined || jsonBytes(before) < bytes)) Object.assign(fullest, { [field]: decision.changes[field] });
          }
          sizes.push(size);
          expect(jsonBytes(decision.data)).toBeLessThanOrEqual(columnLength(CaseEvent, 'data'));
          expect((decision.note ?? '').length).toBeLessThanOrEqual(columnLength(CaseEvent, 'note'));
          taken++;
          Object.assign(c, decision.changes, { state: decision.to });
          if (decision.to !== state) break;
        }
        // Taken again and again without a refusal, an action may replace what it stores, never pile it up.
        if (rounds === ROUNDS) expect({ action, state, last: sizes[ROUNDS - 1] }).toEqual({ action, state, last: sizes[ROUNDS / 2] });
        if (taken > 0) break;
      }
    }
    expect(taken).toBeGreaterThan(0);
  });

  it('the lists that grow are full at their bound, and still fit', () => {
    const publicity = fullest.publicity!;
    expect(publicity.objections).toHaveLength(MAX_OBJECTIONS);
    expect(publicity.objections.every((o) => o.answer)).toBe(true);
    expect(fullest.helpFirst).toHaveLength(MAX_HELP_FIRST);
    // The worst documents are far from trivial: a bound lifted carelessly would show here.
    const worst = Math.max(...stored.filter((s) => s.field === 'publicity').map((s) => s.bytes));
    expect(worst).toBeGreaterThan(JSON_COLUMN_BYTES / 2);
    expect(worst).toBeLessThanOrEqual(JSON_COLUMN_BYTES);
  });
});

/** Every plain text field of a stored schema refuses the characters textRules.ts forbids. */
describe('names and free text refuse control, bidi and zero-width characters', () => {
  const FORBIDDEN: [string, string][] = [
    ['C0 control (bell)', '\u0007'],
    ['escape', '\u001b'],
    ['C1 control (NEL)', '\u0085'],
    ['right-to-left override', '\u202e'],
    ['left-to-right embedding', '\u202a'],
    ['first strong isolate', '\u2068'],
    ['pop directional isolate', '\u2069'],
    ['zero-width space', '\u200b'],
    ['zero-width joiner', '\u200d'],
    ['word joiner', '\u2060'],
    ['byte order mark', '\ufeff'],
    ['lone surrogate', '\ud83d'],
  ];
  const NOT_STORED = new Set(['password']);
  const schemas: [string, z.ZodType, Record<string, unknown>?][] = [
    ['declaration', declarationSchema, { 'applicant.idNumber': validIdNumber(2) }],
    ['household report', householdReportSchema, { 'applicant.idNumber': validIdNumber(3) }],
    ['campaign', campaignSchema, { 'milestones[].date': '2026-12-31', 'milestones[].from': '2026-12-01' }],
    ['holiday notice', holidayNoticeSchema],
    ['staff account (command line)', addUserSchema, { password: 'Xy-9876-long' }],
    ['cadre account (console)', addCadreSchema, { username: 'wang.ming', 'villages[]': '152221101201' }],
    ...CASE_ACTIONS.map((a): [string, z.ZodType] => [a, ruleOf(a).input]),
  ];

  const leaves = schemas.flatMap(([name, schema, samples]) => {
    const { value, texts } = maximalInput(schema, samples);
    return texts.filter((path) => !NOT_STORED.has(String(path.at(-1)))).map((path) => ({ name, schema, value, path }));
  });

  it('finds the text fields to check', () => {
    const where = leaves.map((l) => `${l.name}:${l.path.join('.')}`);
    expect(where).toEqual(expect.arrayContaining(['declaration:applicant.name', 'declaration:proxy.name', 'declaration:details.otherText', 'record_visit:visitors.0', 'record_visit:note', 'staff account (command line):name', 'cadre account (console):name']));
  });

  it.each(FORBIDDEN)('%s', (_label, ch) => {
    for (const { name, schema, value, path } of leaves) {
      const result = schema.safeParse(withLeaf(value, path, `巴${ch}特`));
      const refused = !result.success && result.error.issues.some((i) => i.path.join('.') === path.join('.') && i.message.endsWith('不能含有控制字符或不可见字符'));
      expect({ field: `${name}:${path.join('.')}`, refused }).toEqual({ field: `${name}:${path.join('.')}`, refused: true });
    }
  });

  it('free text keeps line breaks and tabs; a name does not', () => {
    expect(hasHiddenCharacter('房子漏雨\n墙也裂了\t', 'text')).toBe(false);
    expect(hasHiddenCharacter('巴特\n尔', 'name')).toBe(true);
    expect(hasHiddenCharacter('巴特\t尔', 'name')).toBe(true);
    expect(hasHiddenCharacter('巴特\r尔', 'text')).toBe(true);
    // A whole emoji (a surrogate pair) is a character; so are Mongolian and Tibetan letters.
    expect(hasHiddenCharacter('巴特尔😀', 'name')).toBe(false);
    expect(hasHiddenCharacter('ᠪᠠᠲᠤ', 'name')).toBe(false);
    expect(hasHiddenCharacter('བཀྲ་ཤིས', 'name')).toBe(false);
    const visit = ruleOf('record_visit').input;
    const { value } = maximalInput(visit);
    const names = (v: string) => visit.safeParse({ ...(value as object), verifiedRiskTypes: ['illness'], visitors: [v, '王强'] });
    expect(names('张明').success).toBe(true);
    expect(names('张\n明').success).toBe(false);
    expect(declarationSchema.shape.applicant.shape.name.safeParse('\u0007\b\u001b[31m').error?.issues[0].message).toBe('户主姓名不能含有控制字符或不可见字符');
  });
});
