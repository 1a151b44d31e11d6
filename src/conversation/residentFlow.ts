import { isCaseState, stepOwner } from '../domain/workflow';
import { declarationSchema } from '../domain/declaration';
import { DomainError } from '../domain/errors';
import { answersToPayload, applicableQuestions, nextQuestion, QUESTIONNAIRE, type Question } from '../domain/questionnaire';
import { formatDay } from './format';
import { MSG } from './messages';
import { parsePhone, parsePicks } from './parseReply';
import type { CallbackInfo, ConversationPorts, ResidentCaseSummary } from './ports';
import { displayAnswer, readAnswer, renderQuestion, renderReask, zeroIsAnswer, type Answer } from './questions';
import { answerConfirmation, answerObjectionWords, confirmIntent } from './residentConfirm';
import { DIALOGUE_STATE_VERSION, isStale, newDeclaration, type DeclarationProgress, type DialogueState } from './state';
import { editItems, renderEditList, renderSummary } from './summary';
import { villageReply } from './villagePicker';

/**
 * A resident's side of the chat: walk the questionnaire one question per message, read back a
 * summary, submit, and answer 查询 / 人工 / 返回 / 重新开始 at any point. Everything the
 * dialogue remembers is in the returned state; the incoming state is never mutated.
 */
const DEF = QUESTIONNAIRE;
const MAX_CASES_SHOWN = 3;
/** The latest steps of a case shown by 查询 (the mini-program shows the whole timeline). */
const MAX_EVENTS_SHOWN = 3;

export interface ResidentTurn {
  residentId: number;
  /** Normalised text (normalizeText): commands, digits, codes. */
  text: string;
  /** The text as written (mentions removed), for free-text answers. */
  raw: string;
  now: Date;
}

export interface FlowResult {
  replies: string[];
  state: DialogueState;
}

type ResidentCommand = 'restart' | 'proxy' | 'declare' | 'query' | 'human' | 'back' | 'continue' | 'help' | 'cancel';

const COMMANDS: [RegExp, ResidentCommand][] = [
  [/^(重新开始|重新来|重来|从头开始|从头来)$/, 'restart'],
  [/^(帮家人申报|替家人申报|帮家里人申报|代申报|代报)$/, 'proxy'],
  [/^(申报|我要申报|开始申报|开始)$/, 'declare'],
  [/^(查询|查进度|进度|我的申报|查一下)$/, 'query'],
  [/^(人工|人工服务|转人工|找村干部|打电话)$/, 'human'],
  [/^(0|返回|上一步|退回|后退)$/, 'back'],
  [/^(继续|接着填|接着申报)$/, 'continue'],
  [/^(帮助|菜单|\?|怎么用)$/, 'help'],
  [/^(取消|不报了|不申报了)$/, 'cancel'],
];

export function residentCommand(text: string): ResidentCommand | null {
  return COMMANDS.find(([pattern]) => pattern.test(text))?.[1] ?? null;
}

function questionById(id: string): Question {
  const question = DEF.questions.find((q) => q.id === id);
  if (!question) throw new Error(`unknown question ${id}`);
  return question;
}

function currentQuestion(decl: DeclarationProgress): Question | null {
  return decl.editing ? questionById(decl.editing) : nextQuestion(DEF, decl.answers);
}

/** Drops answers (and their history) to questions that no longer apply, e.g. follow-ups of a hardship taken off. */
function prune(decl: DeclarationProgress): void {
  for (;;) {
    const applicable = new Set(applicableQuestions(DEF, decl.answers).map((q) => q.id));
    const stale = Object.keys(decl.answers).filter((id) => !applicable.has(id));
    if (stale.length === 0) break;
    for (const id of stale) {
      delete decl.answers[id];
      delete decl.labels[id];
    }
  }
  decl.history = decl.history.filter((id) => decl.answers[id] !== undefined);
}

function record(decl: DeclarationProgress, question: Question, value: Answer, label?: string): void {
  decl.answers[question.id] = value;
  if (label !== undefined) decl.labels[question.id] = label;
  decl.history = [...decl.history.filter((id) => id !== question.id), question.id];
  prune(decl);
}

/** What the resident should be answering right now, as one message. */
function currentPrompt(decl: DeclarationProgress): string {
  if (decl.phase.kind === 'confirm') return renderSummary(DEF, decl.answers, decl.labels);
  if (decl.phase.kind === 'editPick') return renderEditList(editItems(DEF, decl.answers, decl.labels));
  decl.phase = { kind: 'question' };
  const question = currentQuestion(decl);
  if (question) return renderQuestion(question);
  decl.phase = { kind: 'confirm' };
  return renderSummary(DEF, decl.answers, decl.labels);
}

/** After an answer: the next question, or the summary when all are answered. */
function advance(decl: DeclarationProgress, prefix: string[] = []): string[] {
  decl.editing = null;
  decl.phase = { kind: 'question' };
  const next = nextQuestion(DEF, decl.answers);
  if (!next) decl.phase = { kind: 'confirm' };
  const body = next ? renderQuestion(next) : renderSummary(DEF, decl.answers, decl.labels);
  return [[...prefix, body].join('\n')];
}

/** "0"/"返回": undo the last answer and ask that question again. */
function goBack(decl: DeclarationProgress): string[] {
  if (decl.phase.kind === 'editPick') {
    decl.phase = { kind: 'confirm' };
    return [renderSummary(DEF, decl.answers, decl.labels)];
  }
  if (decl.editing) {
    decl.editing = null;
    decl.phase = { kind: 'editPick' };
    return [renderEditList(editItems(DEF, decl.answers, decl.labels))];
  }
  decl.phase = { kind: 'question' };
  const last = decl.history.pop();
  if (last === undefined) return [`${MSG.atFirstStep}\n${currentPrompt(decl)}`];
  delete decl.answers[last];
  delete decl.labels[last];
  prune(decl);
  return [currentPrompt(decl)];
}

function pause(decl: DeclarationProgress): string {
  decl.paused = true;
  return MSG.resume(decl.history.length + 1);
}

/** After a side request (查询, 人工, a confirmation) a declaration in progress waits: the resident is asked 1 continue / 2 restart. */
function sideReply(state: DialogueState, replies: string[]): string[] {
  if (state.declaration && state.awaiting === null) replies.push(pause(state.declaration));
  return replies;
}

function startDeclaration(state: DialogueState, opening: string): string[] {
  state.declaration = newDeclaration();
  state.greeted = true;
  return [opening, renderQuestion(questionById('start'))];
}

function startProxy(state: DialogueState): string[] {
  const decl = newDeclaration();
  state.declaration = decl;
  state.greeted = true;
  record(decl, questionById('start'), '2');
  return [MSG.proxyStart + MSG.proxyConsent, ...advance(decl)];
}

/** One case for 查询: its state in plain words, its latest steps as the server words them, and a visit record to confirm. */
function caseLines(c: ResidentCaseSummary, several: boolean): string[] {
  const lines = [`${c.trackingCode}（${formatDay(c.createdAt)}）：${c.stateLabel}。${c.next}`];
  const events = c.events.slice(-MAX_EVENTS_SHOWN).map((e) => `${formatDay(e.at)} ${e.text}`);
  if (events.length) lines.push(`  ${events.join('；')}`);
  if (c.confirmation) {
    lines.push(MSG.toConfirm, ...c.confirmation.summary.map((line) => `  ${line}`));
    lines.push(several ? MSG.confirmWordsFor(c.trackingCode) : MSG.confirmWords);
  }
  return lines;
}

async function listCases(turn: ResidentTurn, ports: ConversationPorts): Promise<string> {
  const cases = await ports.listResidentCases(turn.residentId);
  if (cases.length === 0) return MSG.noCases;
  const several = cases.filter((c) => c.confirmation).length > 1;
  const lines = cases.slice(0, MAX_CASES_SHOWN).flatMap((c) => caseLines(c, several));
  if (cases.length > MAX_CASES_SHOWN) lines.push(`还有${cases.length - MAX_CASES_SHOWN}件更早的申报。`);
  return [MSG.casesTitle, ...lines].join('\n');
}

function asText(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

async function requestCallback(state: DialogueState, turn: ResidentTurn, ports: ConversationPorts, givenPhone?: string): Promise<string[]> {
  const answers = state.declaration?.answers ?? {};
  const phone = givenPhone ?? asText(answers.phone) ?? asText(answers.proxyPhone);
  if (!phone) {
    state.awaiting = 'callbackPhone';
    return [MSG.callbackAskPhone];
  }
  state.awaiting = null;
  const info: CallbackInfo = { phone };
  const villageCode = asText(answers.village);
  const name = asText(answers.name);
  if (villageCode) info.villageCode = villageCode;
  if (name) info.name = name;
  try {
    const filed = await ports.requestCallback(turn.residentId, info);
    return [filed ? MSG.callbackFiled(filed.trackingCode) : MSG.callbackNoted];
  } catch (error) {
    if (error instanceof DomainError) return [MSG.callbackFailed(error.message)];
    throw error;
  }
}

async function submit(state: DialogueState, decl: DeclarationProgress, turn: ResidentTurn, ports: ConversationPorts): Promise<string[]> {
  const payload = answersToPayload(DEF, decl.answers);
  const checked = declarationSchema.safeParse(payload);
  if (!checked.success) {
    decl.phase = { kind: 'editPick' };
    return [`${MSG.invalidPayload(checked.error.issues[0].message)}\n${renderEditList(editItems(DEF, decl.answers, decl.labels))}`];
  }
  let result;
  try {
    result = await ports.submitDeclaration(turn.residentId, payload);
  } catch (error) {
    if (error instanceof DomainError) return [`${MSG.submitFailed(error.message)}\n${MSG.submitFailedFooter}`];
    throw error;
  }
  state.declaration = null;
  const lines = [MSG.submitted(result.trackingCode)];
  if (result.urgency === 'urgent') lines.push(MSG.urgentNote);
  if (result.assignee) lines.push(MSG.nextWithCadre(result.assignee.name));
  else if (isCaseState(result.state) && stepOwner(result.state) === 'township') lines.push(MSG.nextWithTownship);
  else lines.push(MSG.nextWithCadre(null));
  return [lines.join('')];
}

/** A reply while a question (or one of the village pages) is open. */
async function answerQuestion(decl: DeclarationProgress, state: DialogueState, turn: ResidentTurn, cmd: ResidentCommand | null, ports: ConversationPorts): Promise<string[]> {
  const question = currentQuestion(decl);
  if (!question) return [currentPrompt(decl)];
  const isBack = cmd === 'back' && !(turn.text === '0' && zeroIsAnswer(question));

  if (question.kind === 'village') {
    const step = await villageReply(decl, question, turn.text, isBack, ports);
    if (step.backOut) return goBack(decl);
    if (!step.picked) return step.replies;
    record(decl, question, step.picked.code, step.picked.label);
    return advance(decl, [MSG.villagePicked(step.picked.label)]);
  }

  if (isBack) return goBack(decl);
  const read = readAnswer(question, turn.raw);
  if (!read.ok) return [renderReask(question, read.problem)];
  if (question.options?.find((o) => o.value === read.value)?.ends) {
    state.declaration = null;
    return [MSG.cancelled];
  }
  record(decl, question, read.value);
  return advance(decl);
}

async function answerConfirm(decl: DeclarationProgress, state: DialogueState, turn: ResidentTurn, cmd: ResidentCommand | null, ports: ConversationPorts): Promise<string[]> {
  if (cmd === 'back') return goBack(decl);
  const pick = /^(确认|提交|确认提交|对|对的|是|没问题)$/.test(turn.text) ? 1 : /^(修改|改|不对|改一下)$/.test(turn.text) ? 2 : parsePicks(turn.text, 2, false)?.[0];
  if (pick === 1) return submit(state, decl, turn, ports);
  if (pick === 2) {
    decl.phase = { kind: 'editPick' };
    return [renderEditList(editItems(DEF, decl.answers, decl.labels))];
  }
  return [`${MSG.confirmHint}\n${renderSummary(DEF, decl.answers, decl.labels)}`];
}

function answerEditPick(decl: DeclarationProgress, turn: ResidentTurn, cmd: ResidentCommand | null): string[] {
  if (cmd === 'back') return goBack(decl);
  const items = editItems(DEF, decl.answers, decl.labels);
  const pick = parsePicks(turn.text, items.length, false);
  if (!pick) return [`${MSG.pickFromPage}\n${renderEditList(items)}`];
  const { question } = items[pick[0] - 1];
  decl.editing = question.id;
  decl.phase = { kind: 'question' };
  return [`现在是：${displayAnswer(question, decl.answers, decl.labels)}\n${renderQuestion(question)}`];
}

/** One resident message. `prev` is the stored state (or null for someone new). */
export async function handleResident(turn: ResidentTurn, prev: DialogueState | null, ports: ConversationPorts): Promise<FlowResult> {
  const state: DialogueState = prev
    ? structuredClone(prev)
    : { version: DIALOGUE_STATE_VERSION, lastAt: turn.now.toISOString(), declaration: null, greeted: false, awaiting: null };
  const stale = prev !== null && isStale(prev, turn.now);
  state.lastAt = turn.now.toISOString();
  const done = (replies: string[]): FlowResult => ({ replies, state });
  let cmd = residentCommand(turn.text);

  if (state.awaiting === 'callbackPhone') {
    const phone = parsePhone(turn.text);
    if (phone) {
      const replies = await requestCallback(state, turn, ports, phone);
      if (state.declaration) replies.push(pause(state.declaration));
      return done(replies);
    }
    if (cmd === null) return done([MSG.callbackPhoneHint]);
    state.awaiting = null;
    if (cmd === 'back') {
      if (!state.declaration) return done([MSG.idleMenu]);
      cmd = 'continue';
    }
  }

  // 双签字: the household answers the visit summary it was sent (see residentConfirm.ts). Asked for
  // its words after "2", it may still change its mind with "1" or "确认".
  let intent = confirmIntent(turn.text, state);
  if (state.awaiting === 'objectionWords') {
    const changedMind = confirmIntent(turn.text, { declaration: null, awaiting: null });
    if (changedMind?.kind !== 'confirm') return done(sideReply(state, await answerObjectionWords(state, turn.text, turn.raw, turn.residentId, ports)));
    state.awaiting = null;
    state.objection = null;
    intent = changedMind;
  }
  if (intent) {
    const replies = await answerConfirmation(intent, state, turn.residentId, ports);
    if (replies) return done(sideReply(state, replies));
  }

  switch (cmd) {
    case 'restart':
      return done(startDeclaration(state, MSG.startAgain));
    case 'proxy':
      return done(startProxy(state));
    case 'cancel':
      state.declaration = null;
      return done([MSG.cancelled]);
    case 'help':
    case 'query':
    case 'human': {
      const replies = cmd === 'help' ? [MSG.help] : cmd === 'query' ? [await listCases(turn, ports)] : await requestCallback(state, turn, ports);
      return done(sideReply(state, replies));
    }
    default:
      break;
  }

  const decl = state.declaration;
  if (!decl) {
    if (cmd === 'declare' || !state.greeted) return done(startDeclaration(state, DEF.intro));
    return done([MSG.idleMenu]);
  }

  if (stale && decl.history.length > 0 && !decl.paused) return done([pause(decl)]);
  if (decl.paused) {
    const choice = cmd === 'continue' || cmd === 'declare' ? 1 : parsePicks(turn.text, 2, false)?.[0];
    if (choice === 1) {
      decl.paused = false;
      return done([currentPrompt(decl)]);
    }
    if (choice === 2) return done(startDeclaration(state, MSG.startAgain));
    return done([MSG.resumeHint]);
  }
  if (cmd === 'continue' || cmd === 'declare') return done([currentPrompt(decl)]);

  switch (decl.phase.kind) {
    case 'confirm':
      return done(await answerConfirm(decl, state, turn, cmd, ports));
    case 'editPick':
      return done(answerEditPick(decl, turn, cmd));
    default:
      return done(await answerQuestion(decl, state, turn, cmd, ports));
  }
}
