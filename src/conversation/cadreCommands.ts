import { CLOSE_REASONS } from '../domain/workflow';
import { DomainError } from '../domain/errors';
import { codeDigits, renderDetail } from './cadreDetail';
import { expectsFreeText, formPrompt, formReply, startForm, type FormDef, type FormEnv } from './form';
import { FORM_ACTIONS, FORMS } from './forms';
import { formatDay } from './format';
import { MSG } from './messages';
import { parseTrackingCode } from './parseReply';
import type { CadreActResult, CadreChatAction, CaseDetail, ConversationPorts, QueueItem } from './ports';
import type { AnswerContext, CaseContext } from './recordForms';
import type { CadreDialogue, FormKind, FormProgress } from './state';
import type { VisitContext } from './visitForm';

/**
 * A bound cadre's side of the chat. One-message commands (待办, 详情, 受理, 转交, 结案, 公示结束,
 * 退回) and guided dialogues (核查, 已签字, 评议, 公示, 异议, 答复, 登记: see form.ts), the last
 * 待办 kept so "详情 2", "受理 2" or just "2" name its second case. In a group chat nothing
 * personal is written (待办 shows codes, villages and risk-type labels) and no dialogue begins.
 */
export interface CadreTurn {
  staffId: number;
  staffName: string;
  /** Normalised text (normalizeText). */
  text: string;
  /** As written (mentions removed), for free-text answers. */
  raw: string;
  inRoom: boolean;
  now: Date;
}

const MAX_QUEUE_SHOWN = 10;
type CloseReason = keyof typeof CLOSE_REASONS;

const CLOSE_REASON_WORDS: [RegExp, CloseReason][] = [
  [/^(核查)?无风险|^no_risk/i, 'no_risk'],
  [/^不符合(纳入)?(条件)?|^not_eligible/i, 'not_eligible'],
  [/^重复(申报)?|^duplicate/i, 'duplicate'],
  [/^(群众)?撤回|^withdrawn/i, 'withdrawn'],
];

/** "无风险 已核实" → { reason: 'no_risk', note: '已核实' }; null when no known reason word leads. */
export function parseCloseReason(text: string): { reason: CloseReason; note: string } | null {
  for (const [pattern, reason] of CLOSE_REASON_WORDS) {
    const match = pattern.exec(text);
    if (match) return { reason, note: text.slice(match[0].length).replace(/^[\s,，。:：;；]+/, '').trim() };
  }
  return null;
}

const COMMAND_WORDS = {
  待办: 'queue',
  详情: 'detail',
  受理: 'accept',
  转交: 'transfer',
  结案: 'close',
  核查: 'visit',
  已签字: 'signature',
  签字: 'signature',
  评议: 'review',
  公示结束: 'finish',
  结束公示: 'finish',
  公示: 'publicity',
  异议: 'objection',
  答复: 'answer',
  退回: 'sendBack',
  登记: 'register',
} as const;
export type CadreCommand = (typeof COMMAND_WORDS)[keyof typeof COMMAND_WORDS];

// Longer words first: 公示结束 before 公示, 已签字 before 签字.
const COMMAND_PATTERN = new RegExp(`^(${Object.keys(COMMAND_WORDS).sort((a, b) => b.length - a.length).join('|')})\\s*([A-Za-z0-9-]*)\\s*(.*)$`);

/** Splits "受理12345678", "结案 sb-12345678 无风险" (the old form), "答复 2 1" into command, code token and the rest. */
export function parseCadreCommand(text: string): { command: CadreCommand; word: string; codeToken: string; rest: string } | null {
  const match = COMMAND_PATTERN.exec(text);
  if (!match) return null;
  return { command: COMMAND_WORDS[match[1] as keyof typeof COMMAND_WORDS], word: match[1], codeToken: match[2], rest: match[3].trim() };
}

/** A position on the last 待办 ("2") or a tracking code; the reply to send instead when neither. */
function resolveCode(token: string, dialogue: CadreDialogue): { code: string } | { reply: string } {
  if (/^\d{1,3}$/.test(token)) {
    const list = dialogue.list;
    if (!list || list.length === 0) return { reply: MSG.noListYet };
    const code = list[Number(token) - 1];
    return code ? { code } : { reply: MSG.notOnList(Number(token), list.length) };
  }
  const code = parseTrackingCode(token);
  return code ? { code } : { reply: MSG.badCode };
}

function queueLine(item: QueueItem, index: number, turn: CadreTurn): string {
  const labels = item.riskTypeLabels.join('、');
  if (turn.inRoom) return `${index}. ${item.trackingCode} ${item.villageName} ${labels}`;
  const due = item.dueAt === null ? '' : item.dueAt.getTime() < turn.now.getTime() ? '，已超时' : `，${formatDay(item.dueAt)}前`;
  return `${index}. ${item.trackingCode} ${item.villageName} ${labels}${item.urgent ? ' 紧急' : ''} ${item.stateLabel}${due}`;
}

async function queue(turn: CadreTurn, dialogue: CadreDialogue, ports: ConversationPorts): Promise<string> {
  const items = await ports.cadreQueue(turn.staffId);
  const shown = items.slice(0, MAX_QUEUE_SHOWN);
  dialogue.list = shown.map((item) => item.trackingCode);
  if (items.length === 0) return MSG.queueEmpty;
  const lines = [MSG.queueTitle(items.length), ...shown.map((item, i) => queueLine(item, i + 1, turn))];
  if (items.length > MAX_QUEUE_SHOWN) lines.push(MSG.queueMore(items.length - MAX_QUEUE_SHOWN));
  lines.push(MSG.queueFooter);
  return lines.join('\n');
}

/** Runs a port call; a DomainError becomes its Chinese message ("stale" said plainly). */
async function attempt<T>(work: () => Promise<T>, code: string): Promise<T | { failed: string; error: DomainError }> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return { failed: error.code === 'stale_version' ? MSG.formStale(code) : MSG.actionFailed(error.message), error };
  }
}
const failed = <T>(result: T | { failed: string; error: DomainError }): result is { failed: string; error: DomainError } =>
  typeof result === 'object' && result !== null && 'failed' in result;

// ── one-message commands ──

async function oneShot(turn: CadreTurn, ports: ConversationPorts, code: string, action: CadreChatAction, input: Record<string, unknown>, done: (r: CadreActResult) => string): Promise<string> {
  const result = await attempt(() => ports.cadreAct(turn.staffId, code, action, input), code);
  return failed(result) ? result.failed : done(result);
}

// ── guided dialogues ──

interface FormStart {
  def: FormDef<unknown>;
  context: unknown;
  prefilled?: Record<string, unknown>;
}

/** The context a form reads from the case when it begins (names, declared figures, earlier steps). */
function formStart(kind: Exclude<FormKind, 'register'>, detail: CaseDetail, turn: CadreTurn, rest: string): FormStart | string {
  const base: CaseContext = { applicantName: detail.applicantName, since: null };
  switch (kind) {
    case 'visit': {
      const medical = detail.declared.details.medicalOutOfPocket;
      const context: VisitContext = {
        cadreName: turn.staffName,
        applicantName: detail.applicantName,
        declaredSize: detail.householdSize,
        declaredRisks: detail.riskTypeLabels,
        incomeLine: detail.declared.incomeLine,
        declaredMedical: typeof medical === 'number' ? medical : null,
      };
      return { def: FORMS.visit, context };
    }
    case 'signature':
    case 'review':
      return { def: FORMS[kind], context: { ...base, since: detail.visit?.visitedOn ?? null } };
    case 'publicity':
      return { def: FORMS.publicity, context: { ...base, since: detail.review?.meetingOn ?? null } };
    case 'objection':
      return { def: FORMS.objection, context: { ...base, since: detail.publicity?.startsOn ?? null, count: detail.publicity?.objections.length ?? 0 } };
    case 'answer': {
      const open = (detail.publicity?.objections ?? []).filter((o) => o.finding === null);
      const context: AnswerContext = { ...base, open };
      if (rest) {
        const no = Number(rest);
        if (!open.some((o) => o.no === no)) return MSG.noSuchObjection(rest, open.map((o) => o.no));
        return { def: FORMS.answer, context, prefilled: { no } };
      }
      return { def: FORMS.answer, context, prefilled: open.length === 1 ? { no: open[0].no } : {} };
    }
  }
}

async function beginCaseForm(turn: CadreTurn, dialogue: CadreDialogue, ports: ConversationPorts, kind: Exclude<FormKind, 'register'>, code: string, rest: string): Promise<string[]> {
  if (turn.inRoom) return [MSG.roomDialogue];
  const detail = await attempt(() => ports.cadreCaseDetail(turn.staffId, code), code);
  if (failed(detail)) return [detail.failed];
  const action = FORM_ACTIONS[kind];
  if (!detail.actions.includes(action)) return [MSG.actionFailed(detail.refusals[action] ?? MSG.notNow(detail.stateLabel))];
  const start = formStart(kind, detail, turn, rest);
  if (typeof start === 'string') return [start];
  const { form, replies } = startForm(start.def, start.context, { trackingCode: detail.trackingCode, version: detail.version }, env(turn), start.prefilled);
  dialogue.form = form;
  return replies;
}

async function beginRegister(turn: CadreTurn, dialogue: CadreDialogue, ports: ConversationPorts): Promise<string[]> {
  if (turn.inRoom) return [MSG.roomDialogue];
  const villages = await ports.cadreVillages(turn.staffId);
  if (villages.length === 0) return [MSG.registerNoVillages];
  const prefilled = villages.length === 1 ? { village: villages[0].code } : {};
  const { form, replies } = startForm(FORMS.register, { villages }, null, env(turn), prefilled);
  dialogue.form = form;
  return replies;
}

const env = (turn: CadreTurn): FormEnv => ({ now: turn.now });

/** What the cadre reads once a form's action went through. */
function formDone(form: FormProgress, result: CadreActResult, input: Record<string, unknown>): string {
  const code = result.trackingCode;
  const digits = codeDigits(code);
  switch (form.kind) {
    case 'visit':
      return MSG.visitRecorded(code, result.stateLabel, result.next, digits);
    case 'signature':
      // A visit that concluded 核查结束 closes the case here: no review follows.
      return MSG.signatureRecorded(code, result.stateLabel) + (result.state === 'village_review' ? MSG.reviewNext(digits) : '');
    case 'review':
      return input.result === 'pass' ? MSG.reviewPassed(code, digits) : MSG.reviewFailed(code, result.stateLabel);
    case 'publicity':
      return MSG.publicityStarted(code, result.publicityEndsAt ? formatDay(result.publicityEndsAt) : '', digits);
    case 'objection': {
      const no = Number(form.context.count ?? 0) + 1;
      return MSG.objectionRecorded(code, no, digits);
    }
    default:
      return input.finding === 'founded' ? MSG.answeredFounded(code, Number(input.no), digits) : MSG.answered(code, Number(input.no), digits);
  }
}

async function submitForm(turn: CadreTurn, dialogue: CadreDialogue, ports: ConversationPorts, form: FormProgress, input: Record<string, unknown>): Promise<string[]> {
  // A refused input (400, a duplicate household) can be corrected in place; anything else (stale, not yours any more) ends the dialogue.
  const refused = ({ failed: text, error }: { failed: string; error: DomainError }): string[] => {
    dialogue.form = error.status === 400 || error.code === 'duplicate_open_case' ? form : null;
    return [dialogue.form ? `${text}\n${MSG.formRetry}` : text];
  };
  if (form.kind === 'register') {
    const registered = await attempt(() => ports.cadreRegister(turn.staffId, input), '');
    if (failed(registered)) return refused(registered);
    dialogue.form = null;
    return [MSG.registered(registered.trackingCode, codeDigits(registered.trackingCode))];
  }
  const code = form.trackingCode ?? '';
  const result = await attempt(() => ports.cadreAct(turn.staffId, code, FORM_ACTIONS[form.kind as Exclude<FormKind, 'register'>], input, form.version ?? undefined), code);
  if (failed(result)) return refused(result);
  dialogue.form = null;
  return [formDone(form, result, input)];
}

async function continueForm(turn: CadreTurn, dialogue: CadreDialogue, ports: ConversationPorts, form: FormProgress): Promise<string[]> {
  const def = FORMS[form.kind];
  const isCommand = parseCadreCommand(turn.text) !== null || /^绑定/.test(turn.text);
  if (isCommand && !expectsFreeText(def, form)) return [`${MSG.formBusy(def.title(form.context, form.trackingCode))}\n${formPrompt(def, structuredClone(form), env(turn))}`];
  const step = formReply(def, form, turn.text, turn.raw, env(turn));
  dialogue.form = step.form;
  if (!step.submit || !step.form) return step.replies;
  return submitForm(turn, dialogue, ports, step.form, step.submit);
}

// ── the dispatcher ──

async function command(turn: CadreTurn, dialogue: CadreDialogue, ports: ConversationPorts): Promise<string[]> {
  // Just a number after 待办: that case's 详情, as anyone would mean it.
  const parsed = /^\d{1,3}$/.test(turn.text) ? { command: 'detail' as const, word: '详情', codeToken: turn.text, rest: '' } : parseCadreCommand(turn.text);
  if (!parsed) return [MSG.cadreCommands];
  const { command: cmd, word, codeToken, rest } = parsed;
  if (cmd === 'queue') return [await queue(turn, dialogue, ports)];
  if (cmd === 'register') return beginRegister(turn, dialogue, ports);

  if (!codeToken) return [MSG.needCode(word, EXAMPLES[cmd] ?? '')];
  const resolved = resolveCode(codeToken, dialogue);
  if ('reply' in resolved) return [resolved.reply];
  const { code } = resolved;

  switch (cmd) {
    case 'detail': {
      if (turn.inRoom) return [MSG.roomDetail];
      const detail = await attempt(() => ports.cadreCaseDetail(turn.staffId, code), code);
      return [failed(detail) ? detail.failed : renderDetail(detail, turn.now)];
    }
    case 'accept':
      return [await oneShot(turn, ports, code, 'accept', rest ? { note: rest } : {}, (r) => MSG.accepted(r.trackingCode, r.stateLabel))];
    case 'transfer':
      if ([...rest].length < 2) return [MSG.needTransferReason];
      return [await oneShot(turn, ports, code, 'transfer', { reason: rest }, (r) => MSG.transferred(r.trackingCode, r.stateLabel))];
    case 'sendBack':
      if ([...rest].length < 2) return [MSG.needSendBackReason];
      return [await oneShot(turn, ports, code, 'send_back', { reason: rest }, (r) => MSG.sentBack(r.trackingCode, r.stateLabel, r.next))];
    case 'close': {
      const reason = parseCloseReason(rest);
      if (!reason) return [MSG.closeReasons];
      const input: Record<string, unknown> = { reason: reason.reason };
      if (reason.note) input.note = reason.note;
      return [await oneShot(turn, ports, code, 'close', input, (r) => MSG.closed(r.trackingCode, CLOSE_REASONS[reason.reason]))];
    }
    case 'finish':
      return [await oneShot(turn, ports, code, 'finish_publicity', rest ? { note: rest } : {}, (r) => MSG.publicityFinished(r.trackingCode, r.stateLabel))];
    default:
      return beginCaseForm(turn, dialogue, ports, cmd, code, rest);
  }
}

const EXAMPLES: Partial<Record<CadreCommand, string>> = { transfer: ' 不是我负责的村', close: ' 无风险', sendBack: ' 需要重新核查', answer: ' 1' };

/** One cadre message → the replies and the cadre's dialogue to keep. The incoming dialogue is never mutated. */
export async function handleCadre(turn: CadreTurn, previous: CadreDialogue | null, ports: ConversationPorts): Promise<{ replies: string[]; dialogue: CadreDialogue }> {
  const dialogue: CadreDialogue = previous ? structuredClone(previous) : { list: null, form: null };
  // Dialogues are private: in a group only the one-message commands answer, and the form waits.
  const replies = dialogue.form && !turn.inRoom ? await continueForm(turn, dialogue, ports, dialogue.form) : await command(turn, dialogue, ports);
  return { replies, dialogue };
}
