import { MSG } from './messages';
import { parsePicks } from './parseReply';
import type { FormKind, FormProgress } from './state';

/**
 * The guided dialogues' engine, shared by every cadre form (核查, 评议, 公示, 异议, 答复, 已签字,
 * 登记): one question per message, "0"/"返回" goes back a step, "取消" abandons, a read-back to
 * confirm (1 提交 2 修改 → which step), then the caller submits ONE action. Pure: a form is data
 * (`FormDef`), its progress is JSON (`FormProgress`), nothing here calls a port.
 */
export type FormValues = Record<string, unknown>;
export type StepRead = { ok: true; value: unknown } | { ok: false; problem?: string };

export interface FormEnv {
  now: Date;
}

export interface FormStep<C> {
  id: string;
  /** How the answer is named in the "改哪一项" list. */
  label: string;
  /** Asked only when this holds (follow-ups, not counted in 【3/16】); answers of steps that stop applying are dropped. */
  when?: (values: FormValues, ctx: C) => boolean;
  prompt: (values: FormValues, ctx: C, env: FormEnv) => string;
  read: (text: string, raw: string, values: FormValues, ctx: C, env: FormEnv) => StepRead;
  /** The answer as the "改哪一项" list shows it. */
  show: (value: unknown, values: FormValues, ctx: C) => string;
  /** A bare "0" answers this step (an amount, "0 都没有"): going back is then the word "返回". */
  zeroIsAnswer?: boolean;
  /** Free text: command-like words are answers too. */
  freeText?: boolean;
}

export type FormReview = { ok: true; lines: string[] } | { ok: false; step: string; problem: string };

export interface FormDef<C> {
  kind: FormKind;
  /** "12345678 巴特尔家的核查认定表": said when the dialogue begins and in reminders. */
  title: (ctx: C, trackingCode: string | null) => string;
  steps: FormStep<C>[];
  /** Long forms number their questions (【3/16】) so the cadre knows how far it is. */
  numbered?: boolean;
  /** The read-back, or the step to answer again and why (the domain's schema said no). */
  review: (values: FormValues, ctx: C, env: FormEnv) => FormReview;
  /** The action's input once the read-back is confirmed. */
  input: (values: FormValues, ctx: C, env: FormEnv) => Record<string, unknown>;
}

/** What one message did to a form. `submit` asks the caller to take the action now. */
export interface FormTurn {
  replies: string[];
  form: FormProgress | null;
  submit?: Record<string, unknown>;
}

const CANCEL = /^(取消|不填了|算了|退出)$/;
const BACK = /^(0|返回|上一步)$/;
const SUBMIT = /^(提交|确认|确认提交|对|没问题)$/;
const CHANGE = /^(修改|改|改一下|不对)$/;

const ctxOf = <C>(form: FormProgress) => form.context as unknown as C;

function applicable<C>(def: FormDef<C>, form: FormProgress): FormStep<C>[] {
  const ctx = ctxOf<C>(form);
  return def.steps.filter((s) => !s.when || s.when(form.values, ctx));
}

function stepById<C>(def: FormDef<C>, id: string): FormStep<C> {
  const step = def.steps.find((s) => s.id === id);
  if (!step) throw new Error(`form ${def.kind} has no step ${id}`);
  return step;
}

/** Drops answers to steps that no longer apply (a follow-up of a choice changed since). */
function prune<C>(def: FormDef<C>, form: FormProgress): void {
  for (;;) {
    const live = new Set(applicable(def, form).map((s) => s.id));
    const stale = Object.keys(form.values).filter((id) => !live.has(id));
    if (stale.length === 0) break;
    for (const id of stale) delete form.values[id];
  }
  form.history = form.history.filter((id) => form.values[id] !== undefined);
}

function currentStep<C>(def: FormDef<C>, form: FormProgress): FormStep<C> | null {
  if (form.editing) return stepById(def, form.editing);
  return applicable(def, form).find((s) => form.values[s.id] === undefined) ?? null;
}

function footer<C>(step: FormStep<C>): string {
  return step.zeroIsAnswer ? MSG.formFooterWordOnly : MSG.formFooter;
}

/**
 * 【3/16】 counts the steps every run of the form asks (no `when`, not given by the command), so the
 * total never jumps when an answer opens a follow-up: a follow-up keeps the number of the step
 * that opened it and says so (【3/16 补充】).
 */
function progressMark<C>(def: FormDef<C>, form: FormProgress, step: FormStep<C>): string {
  const counted = (s: FormStep<C>) => !s.when && !form.fixed.includes(s.id);
  const index = def.steps.findIndex((s) => s.id === step.id);
  const position = def.steps.slice(0, index + 1).filter(counted).length;
  if (position === 0) return '';
  return `【${position}/${def.steps.filter(counted).length}${counted(step) ? '' : ' 补充'}】`;
}

function askStep<C>(def: FormDef<C>, form: FormProgress, step: FormStep<C>, env: FormEnv): string {
  const progress = def.numbered ? progressMark(def, form, step) : '';
  return progress + step.prompt(form.values, ctxOf<C>(form), env);
}

function renderSummary(lines: string[]): string {
  return [MSG.formCheck, ...lines, MSG.formSubmitChoices].join('\n');
}

function editList<C>(def: FormDef<C>, form: FormProgress): { step: FormStep<C>; text: string }[] {
  const ctx = ctxOf<C>(form);
  return applicable(def, form)
    .filter((s) => form.values[s.id] !== undefined && !form.fixed.includes(s.id))
    .map((step) => ({ step, text: `${step.label}：${step.show(form.values[step.id], form.values, ctx)}` }));
}

function renderEditList<C>(def: FormDef<C>, form: FormProgress): string {
  return [MSG.editWhich, ...editList(def, form).map((item, i) => `${i + 1} ${item.text}`), MSG.editFooter].join('\n');
}

/** The next question, or the read-back when every step is answered (or a step to answer again). */
function advance<C>(def: FormDef<C>, form: FormProgress, env: FormEnv, prefix: string[] = []): string[] {
  form.editing = null;
  form.phase = 'step';
  const next = currentStep(def, form);
  if (next) return [[...prefix, askStep(def, form, next, env)].join('\n')];
  const review = def.review(form.values, ctxOf<C>(form), env);
  if (!review.ok) {
    form.editing = review.step;
    return [[...prefix, review.problem, askStep(def, form, stepById(def, review.step), env), footer(stepById(def, review.step))].join('\n')];
  }
  form.phase = 'confirm';
  return [[...prefix, renderSummary(review.lines)].join('\n')];
}

/** What the cadre should be answering now, as one message (after a reminder or a failed submit). */
export function formPrompt<C>(def: FormDef<C>, form: FormProgress, env: FormEnv): string {
  if (form.phase === 'editPick') return renderEditList(def, form);
  const step = form.phase === 'step' ? currentStep(def, form) : null;
  if (step) return `${askStep(def, form, step, env)}\n${footer(step)}`;
  const review = def.review(form.values, ctxOf<C>(form), env);
  return review.ok ? renderSummary(review.lines) : advance(def, form, env).join('\n');
}

/** Whether the step now open takes any text as its answer (then no command words are intercepted). */
export function expectsFreeText<C>(def: FormDef<C>, form: FormProgress): boolean {
  return form.phase === 'step' && currentStep(def, form)?.freeText === true;
}

/**
 * Begins a form. `prefilled` answers are given, not asked (one village only, an objection number
 * typed with the command); they are never offered in "改哪一项".
 */
export function startForm<C>(
  def: FormDef<C>,
  ctx: C,
  target: { trackingCode: string; version: number } | null,
  env: FormEnv,
  prefilled: FormValues = {},
): { form: FormProgress; replies: string[] } {
  const form: FormProgress = {
    kind: def.kind,
    trackingCode: target?.trackingCode ?? null,
    version: target?.version ?? null,
    context: ctx as unknown as Record<string, unknown>,
    values: { ...prefilled },
    history: [],
    fixed: Object.keys(prefilled),
    phase: 'step',
    editing: null,
  };
  const [first] = advance(def, form, env);
  const step = currentStep(def, form);
  return { form, replies: [[MSG.formStart(def.title(ctx, form.trackingCode)), first, step ? footer(step) : ''].filter(Boolean).join('\n')] };
}

function goBack<C>(def: FormDef<C>, form: FormProgress, env: FormEnv): string[] {
  if (form.phase === 'editPick') {
    form.phase = 'step';
    return advance(def, form, env);
  }
  if (form.editing) {
    form.editing = null;
    form.phase = 'editPick';
    return [renderEditList(def, form)];
  }
  const last = form.history[form.history.length - 1];
  if (last === undefined) {
    form.phase = 'step';
    return [`${MSG.atFirstStep}\n${formPrompt(def, form, env)}`];
  }
  form.history = form.history.filter((id) => id !== last);
  delete form.values[last];
  prune(def, form);
  return advance(def, form, env);
}

function answerStep<C>(def: FormDef<C>, form: FormProgress, text: string, raw: string, env: FormEnv): string[] {
  const step = currentStep(def, form);
  if (!step) return advance(def, form, env);
  const read = step.read(text, raw, form.values, ctxOf<C>(form), env);
  if (!read.ok) return [[read.problem ?? MSG.formNotUnderstood, askStep(def, form, step, env), footer(step)].join('\n')];
  form.values[step.id] = read.value;
  form.history = [...form.history.filter((id) => id !== step.id), step.id];
  prune(def, form);
  return advance(def, form, env);
}

function answerConfirm<C>(def: FormDef<C>, form: FormProgress, text: string, env: FormEnv): FormTurn {
  const pick = SUBMIT.test(text) ? 1 : CHANGE.test(text) ? 2 : parsePicks(text, 2, false)?.[0];
  if (pick === 1) return { replies: [], form, submit: def.input(form.values, ctxOf<C>(form), env) };
  if (pick === 2) {
    form.phase = 'editPick';
    return { replies: [renderEditList(def, form)], form };
  }
  return { replies: [`${MSG.formConfirmHint}\n${formPrompt(def, form, env)}`], form };
}

function answerEditPick<C>(def: FormDef<C>, form: FormProgress, text: string, env: FormEnv): string[] {
  const items = editList(def, form);
  const pick = parsePicks(text, items.length, false);
  if (!pick) return [`${MSG.pickFromPage}\n${renderEditList(def, form)}`];
  const { step } = items[pick[0] - 1];
  form.editing = step.id;
  form.phase = 'step';
  return [`现在是：${step.show(form.values[step.id], form.values, ctxOf<C>(form))}\n${askStep(def, form, step, env)}\n${footer(step)}`];
}

/** One message while a form is open. `text` is normalised, `raw` as written (free-text answers). */
export function formReply<C>(def: FormDef<C>, previous: FormProgress, text: string, raw: string, env: FormEnv): FormTurn {
  if (CANCEL.test(text)) return { replies: [MSG.formCancelled], form: null };
  const form: FormProgress = structuredClone(previous);
  const step = form.phase === 'step' ? currentStep(def, form) : null;
  const isBack = BACK.test(text) && !(text === '0' && step?.zeroIsAnswer);
  if (isBack) return { replies: goBack(def, form, env), form };
  if (form.phase === 'confirm') return answerConfirm(def, form, text, env);
  if (form.phase === 'editPick') return { replies: answerEditPick(def, form, text, env), form };
  return { replies: answerStep(def, form, text, raw, env), form };
}
