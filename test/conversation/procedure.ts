import type { WorkflowCase } from '../../src/domain/workflow';
import { CADRE, Chat, FakePorts, RESIDENT, type FakeCase } from './fakePorts';

/**
 * The fake case at a later step of the procedure, reached through the real rule table (the
 * fake's cadreAct/residentAct), so the chat is tested on cases the domain itself produced.
 * The acts that got it there are forgotten: a test sees only what its own dialogue did.
 */
export const MONDAY = new Date('2026-11-23T09:00:00+08:00');
export const CODE = '12345678';

/** A 核查认定表 for an ill household of four that goes on to the review, unless overridden. */
export function visitInput(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    visitedOn: '2026-11-23',
    visitors: ['王芳', '张明'],
    householdSize: 4,
    verifiedRiskTypes: ['illness'],
    income: { wage: 8000, business: 6000, property: 0, transfer: 3000, businessExpense: 2000, insuranceClaims: 0, compliantOutOfPocket: 12000 },
    assets: { company: false, urbanProperty: false, consumerCar: false },
    ...overrides,
  };
}

export const reviewInput = (overrides: Record<string, unknown> = {}) => ({
  meetingOn: '2026-11-24',
  attendance: 23,
  result: 'pass',
  proposedType: 'sudden',
  measures: ['medical_assistance'],
  ...overrides,
});

export type Step = 'investigating' | 'confirming' | 'village_review' | 'reviewed' | 'publicity';
const ORDER: Step[] = ['investigating', 'confirming', 'village_review', 'reviewed', 'publicity'];

export interface CaseAtOptions {
  /** Fields of the case itself (a proxy, no resident account…). */
  c?: Partial<WorkflowCase>;
  /** Fields of the visit recorded on the way (record_visit input). */
  visit?: Record<string, unknown>;
  code?: string;
  at?: Date;
}

/** A case of cadre 3 (王芳) and resident 7 at `step`; the ports' clock is left a day after `at` once reviewed. */
export async function caseAt(ports: FakePorts, step: Step, options: CaseAtOptions = {}): Promise<FakeCase> {
  const at = options.at ?? MONDAY;
  const fake = ports.addCase({ state: 'investigating', ...options.c }, options.code);
  ports.now = at;
  const reached = (s: Step) => ORDER.indexOf(step) >= ORDER.indexOf(s);
  if (reached('confirming')) await ports.cadreAct(3, fake.trackingCode, 'record_visit', visitInput(options.visit));
  if (reached('village_review')) await ports.residentAct(fake.c.residentId ?? 7, fake.trackingCode, 'confirm_visit', {}, fake.c.version);
  if (reached('reviewed')) {
    ports.now = new Date(at.getTime() + 24 * 3600_000);
    await ports.cadreAct(3, fake.trackingCode, 'record_review', reviewInput());
  }
  if (reached('publicity')) await ports.cadreAct(3, fake.trackingCode, 'start_publicity', { startsOn: '2026-11-24' });
  ports.acts.length = 0;
  return fake;
}

/** The cadre's chat, starting a little after `at`. */
export const cadreChat = (ports: FakePorts, at = MONDAY) => new Chat(ports, CADRE, at);
/** The household's chat (resident 7), starting a little after `at`. */
export const residentChat = (ports: FakePorts, at = MONDAY) => new Chat(ports, RESIDENT, at);

/** The replies of a whole exchange, each reply with the message that drew it, for reading a failure. */
export const transcript = (chat: Chat) => chat.transcript.map((t) => `> ${t.said}\n${t.replies.join('\n---\n')}`).join('\n\n');
