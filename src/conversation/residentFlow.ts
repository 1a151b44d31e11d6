import { isCaseState, stepOwner } from '../domain/workflow';
import { declarationSchema } from '../domain/declaration';
import { DomainError } from '../domain/errors';
import { answersToPayload, applicableQuestions, nextQuestion, QUESTIONNAIRE, type Question } from '../domain/questionnaire';
import { formatTrackingCode } from '../shared/trackingCode';
import { formatDay } from './format';
import { MSG } from './messages';
import { parsePhone, parsePicks } from './parseReply';
import type { CallbackInfo, ConversationPorts, ResidentCaseSummary } from './ports';
import { displayAnswer, firstPage, guessReply, mergePicks, readAnswer, renderGuess, renderQuestion, renderReask, zeroIsAnswer, type Answer, type ReadResult } from './questions';
import { toScreens } from './screenLines';
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

/** What the short path asks once the ID number shows the household's case is open (then a sentence, reportWords). */
const REPORT_QUESTIONS: ReadonlySet<string> = new Set(['phone', 'hardships', 'otherText']);

/** The next unanswered question: of the whole questionnaire, or of the short path. */
function nextOf(decl: DeclarationProgress): Question | null {
  if (!decl.linked) return nextQuestion(DEF, decl.answers);
  return applicableQuestions(DEF, decl.answers).find((q) => REPORT_QUESTIONS.has(q.id) && decl.answers[q.id] === undefined) ?? null;
}

function currentQuestion(decl: DeclarationProgress): Question | null {
  return decl.editing ? questionById(decl.editing) : nextOf(decl);
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
  if (decl.phase.kind === 'reportWords') return MSG.reportWordsAsk;
  decl.phase = { kind: 'question' };
  const question = currentQuestion(decl);
  if (question) return renderQuestion(question);
  if (decl.linked) {
    decl.phase = { kind: 'reportWords' };
    return MSG.reportWordsAsk;
  }
  decl.phase = { kind: 'confirm' };
  return renderSummary(DEF, decl.answers, decl.labels);
}

/** After an answer: the next question, or the summary when all are answered. */
function advance(decl: DeclarationProgress, prefix: string[] = []): string[] {
  decl.editing = null;
  decl.phase = { kind: 'question' };
  const next = nextOf(decl);
  if (!next) decl.phase = decl.linked ? { kind: 'reportWords' } : { kind: 'confirm' };
  const body = next ? renderQuestion(next) : decl.linked ? MSG.reportWordsAsk : renderSummary(DEF, decl.answers, decl.labels);
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
  // Another ID number may be a household without an open case: the whole questionnaire again.
  if (last === 'idNumber') decl.linked = false;
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
  const lines = [`申报号 ${formatTrackingCode(c.trackingCode)}（${formatDay(c.createdAt)}）：${c.stateLabel}。${c.next}`];
  const events = c.events.slice(-MAX_EVENTS_SHOWN).map((e) => `${formatDay(e.at)} ${e.text}`);
  // One step a line: a screen is cut between lines, never inside a step.
  lines.push(...events.map((e) => `  ${e}`));
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
  const info: CallbackInfo = {};
  const villageCode = asText(answers.village);
  const name = asText(answers.name);
  if (phone) info.phone = phone;
  if (villageCode) info.villageCode = villageCode;
  if (name) info.name = name;
  try {
    // Without a number in this dialogue (after submitting, say) the server may still know the one given before.
    const filed = await ports.requestCallback(turn.residentId, info);
    if (!filed && !phone) {
      state.awaiting = 'callbackPhone';
      return [MSG.callbackAskPhone];
    }
    state.awaiting = null;
    return [filed ? MSG.callbackFiled(filed.trackingCode, filed.officePhone) : MSG.callbackNoted];
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
  // The household's case was opened while this one was being answered: kept on it, like the short path.
  if (result.outcome === 'reported') return [MSG.reportReceived];
  const lines = [MSG.submitted(result.trackingCode)];
  if (result.urgency === 'urgent') lines.push(MSG.urgentNote);
  if (result.assignee) lines.push(MSG.nextWithCadre(result.assignee.name));
  else if (isCaseState(result.state) && stepOwner(result.state) === 'township') lines.push(MSG.nextWithTownship);
  else lines.push(MSG.nextWithCadre(null));
  return [lines.join('')];
}

/**
 * A reply read where the question stands: confirming a guess ("您是说…吗"), on the rest of a list
 * asked in two parts, or from its start. Either the answer as read, or the next message to say.
 */
function readInPhase(decl: DeclarationProgress, question: Question, turn: ResidentTurn): { read: ReadResult } | { reply: string } {
  const phase = decl.phase;
  if (phase.kind === 'guess') {
    decl.phase = { kind: 'question' };
    const yes = guessReply(turn.text);
    if (yes === true) return { read: { ok: true, value: phase.value } };
    if (yes === false) return { reply: `${MSG.guessAgain}\n${renderQuestion(question)}` };
  }
  const picked = phase.kind === 'morePicks' ? phase.picked : [];
  const read = readAnswer(question, turn.raw, phase.kind === 'morePicks' ? 'rest' : firstPage(question));
  if (read.ok && read.more) {
    decl.phase = { kind: 'morePicks', picked: ([] as string[]).concat(read.value as string | string[]) };
    return { reply: renderQuestion(question, 'rest') };
  }
  if (!read.ok && read.guess !== undefined) {
    const value = Array.isArray(read.guess) ? mergePicks(question, picked, read.guess) : String(read.guess);
    decl.phase = { kind: 'guess', value };
    return { reply: renderGuess(question, value) };
  }
  if (read.ok && picked.length > 0 && Array.isArray(read.value)) return { read: { ok: true, value: mergePicks(question, picked, read.value) } };
  return { read };
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

  if (isBack && decl.phase.kind !== 'question') {
    // Back from the rest of a list or from "您是说…吗": the question from its start.
    decl.phase = { kind: 'question' };
    return [renderQuestion(question)];
  }
  if (isBack) return goBack(decl);
  const step = readInPhase(decl, question, turn);
  if ('reply' in step) return [step.reply];
  const { read } = step;
  if (!read.ok) return [renderReask(question, read.problem)];
  if (question.options?.find((o) => o.value === read.value)?.ends) {
    state.declaration = null;
    return [MSG.cancelled];
  }
  record(decl, question, read.value);
  // Right after the ID number (issue 13 item 7): a household whose case is open is not asked
  // eleven more questions for a declaration that cannot open a second case.
  if (question.id === 'idNumber' && !decl.linked && !decl.editing && (await ports.householdHasOpenCase(String(read.value)))) {
    decl.linked = true;
    return advance(decl, [MSG.householdKnown]);
  }
  return advance(decl);
}

/** The short path's payload: who is speaking (the head, or the relative with their phone), the head's ID number, what happened. */
function reportPayload(decl: DeclarationProgress, words: string | null): Record<string, unknown> {
  const payload = answersToPayload(DEF, decl.answers) as { applicant?: Record<string, unknown>; proxy?: unknown; hardships?: unknown; details?: Record<string, unknown> };
  const { name, idNumber, phone } = payload.applicant ?? {};
  const otherText = payload.details?.otherText;
  return { applicant: { name, idNumber, phone }, proxy: payload.proxy ?? null, hardships: payload.hardships, details: otherText === undefined ? {} : { otherText }, words };
}

const NOTHING_MORE = /^(没有|没了|无|没有了|不用了|就这些)$/;

/** The short path's last answer: a sentence (or "没有"), then the report is kept on the household's open case. */
async function answerReportWords(decl: DeclarationProgress, state: DialogueState, turn: ResidentTurn, cmd: ResidentCommand | null, ports: ConversationPorts): Promise<string[]> {
  if (cmd === 'back') return goBack(decl);
  const said = turn.raw.trim();
  if (said === '') return [MSG.reportWordsAsk];
  let received;
  try {
    received = await ports.submitHouseholdReport(turn.residentId, reportPayload(decl, NOTHING_MORE.test(turn.text) ? null : said));
  } catch (error) {
    // The server's words for what it refused (too long, a character it does not store): the sentence again.
    if (error instanceof DomainError) return [`${MSG.submitFailed(error.message)}\n${MSG.reportWordsAsk}`];
    throw error;
  }
  if (!received) {
    // No case open for the household any more: what was answered stays, the rest of the questionnaire follows.
    decl.linked = false;
    return advance(decl, [MSG.reportContinue]);
  }
  state.declaration = null;
  return [MSG.reportReceived];
}

async function answerConfirm(decl: DeclarationProgress, state: DialogueState, turn: ResidentTurn, cmd: ResidentCommand | null, ports: ConversationPorts): Promise<string[]> {
  if (cmd === 'back') return goBack(decl);
  const pick = /^(确认|提交|确认提交|对|对的|是|没问题)$/.test(turn.text) ? 1 : /^(修改|改|不对|改一下)$/.test(turn.text) ? 2 : parsePicks(turn.text, 2, false)?.[0];
  if (pick === 1) return submit(state, decl, turn, ports);
  if (pick === 2) {
    decl.phase = { kind: 'editPick' };
    return [renderEditList(editItems(DEF, decl.answers, decl.labels))];
  }
  // The read-back is the message right above: only the hint, not all of it again.
  return [MSG.confirmHint];
}

function answerEditPick(decl: DeclarationProgress, turn: ResidentTurn, cmd: ResidentCommand | null): string[] {
  if (cmd === 'back') return goBack(decl);
  const items = editItems(DEF, decl.answers, decl.labels);
  const pick = parsePicks(turn.text, items.length, false);
  if (!pick) return [MSG.editPickHint];
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
  // Whatever a resident reads fits one phone screen in 关怀模式: a longer read-back goes as several.
  const done = (replies: string[]): FlowResult => ({ replies: replies.flatMap(toScreens), state });
  let cmd = residentCommand(turn.text);

  // After a voice message or a picture, "1" asks a cadre to call, as offered — before a visit
  // record waiting for its "1 确认" can take it; anything else goes on as if nothing had come.
  if (state.awaiting === 'voiceHelp') {
    state.awaiting = null;
    if (turn.text === '1') return done(sideReply(state, await requestCallback(state, turn, ports)));
  }

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
    case 'reportWords':
      return done(await answerReportWords(decl, state, turn, cmd, ports));
    default:
      return done(await answerQuestion(decl, state, turn, cmd, ports));
  }
}
