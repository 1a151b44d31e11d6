import { INCOME_BRACKETS, QUESTIONNAIRE, type Answers } from '../domain/questionnaire';
import { CASE_STATES, ruleOf, type CaseState } from '../domain/workflow';
import { formatDay } from './format';
import { MSG } from './messages';
import { dayWords } from './parseDay';
import { CADRE_CHAT_ACTIONS, type CadreChatAction, type CaseDetail, type DeclaredFacts } from './ports';
import { HARDSHIP_SHORT } from './questions';
import { describeHardship } from './summary';

/**
 * 详情 for the cadre: what the household declared (hardships with their amounts, income, household,
 * urgency, who declared for it — never the ID number), where the procedure stands, what to do now
 * (STATE_INFO.staffNext, addressed to staff), and the commands the cadre may send now.
 */

/** The chat command of each action: what the cadre types, and what it does in a few words. */
export const ACTION_COMMANDS: Record<CadreChatAction, { command: string; args: string; gloss: string }> = {
  accept: { command: '受理', args: '', gloss: '受理' },
  transfer: { command: '转交', args: ' 原因', gloss: '不归您管，转回乡镇' },
  close: { command: '结案', args: ' 无风险/不符合/重复/撤回', gloss: '结案' },
  record_visit: { command: '核查', args: '', gloss: '录入核查认定表' },
  record_signature: { command: '已签字', args: '', gloss: '户主已在纸质表上签字' },
  record_review: { command: '评议', args: '', gloss: '录入村级评议' },
  start_publicity: { command: '公示', args: '', gloss: '开始公示' },
  record_objection: { command: '异议', args: '', gloss: '登记公示异议' },
  answer_objection: { command: '答复', args: ' 序号', gloss: '答复异议' },
  finish_publicity: { command: '公示结束', args: '', gloss: '结束公示' },
  send_back: { command: '退回', args: ' 原因', gloss: '退回上一步' },
};

/** "12345678": what a cadre types after a command (SB- may be left out). */
export const codeDigits = (trackingCode: string): string => trackingCode.replace(/^SB-/i, '');

export function commandLine(action: CadreChatAction, trackingCode: string): string {
  const c = ACTION_COMMANDS[action];
  return `${c.command} ${codeDigits(trackingCode)}${c.args}（${c.gloss}）`;
}

/** The declaration's follow-up answers keyed as the questionnaire's questions, for describeHardship. */
function declaredAnswers(declared: DeclaredFacts): Answers {
  const answers: Answers = { hardships: declared.hardships };
  for (const question of QUESTIONNAIRE.questions) {
    const target = typeof question.target === 'string' ? question.target : null;
    if (!target?.startsWith('details.')) continue;
    const value = declared.details[target.slice('details.'.length)];
    if (value === undefined || value === null) continue;
    answers[question.id] = question.kind === 'choice' ? String(value) : (value as number | string);
  }
  return answers;
}

function incomeLine(d: DeclaredFacts, householdSize: number): string {
  const bracket = INCOME_BRACKETS.find((b) => b.value === String(d.details.incomeBracket ?? ''));
  const income = bracket ? `去年收入${bracket.label}（按${d.annualIncome}元算）` : `去年收入约${d.annualIncome}元`;
  const perHead = householdSize > 0 ? `，人均${d.perCapitaIncome}元，${d.perCapitaIncome < d.incomeLine ? '低于' : '不低于'}监测线${d.incomeLine}元` : '';
  return income + perHead;
}

function declaredLines(detail: CaseDetail): string[] {
  const d = detail.declared;
  if (d.callbackRequested && d.hardships.length === 0) return [`${d.intakeLabel}：${detail.riskTypeLabels.join('、')}，还没有填困难情况`];
  const answers = declaredAnswers(d);
  const hardships = d.hardships.map((h) => describeHardship(QUESTIONNAIRE, h, answers));
  return [
    // 0 people: not given (a department's warning names the household, not its figures).
    detail.householdSize > 0 ? `${detail.householdSize}口人；${incomeLine(d, detail.householdSize)}` : '家庭人口和收入未提供，入户核查时登记',
    `困难：${hardships.join('；')}`,
    d.urgencyReasons.length ? `紧急：${d.urgencyReasons.join('、')}` : '',
    d.proxy ? `由${d.proxy.relation ?? ''}${d.proxy.name}代报` : '',
    `${formatDay(detail.createdAt)}${d.intakeLabel}`,
  ];
}

function procedureLines(detail: CaseDetail): string[] {
  const lines: string[] = [];
  if (detail.visit) lines.push(`核查（${dayWords(detail.visit.visitedOn)}）：${detail.visit.lines.join('；')}`);
  const confirmation = detail.confirmation;
  if (confirmation?.state === 'pending') lines.push(confirmation.askedInWeChat ? MSG.detailAwaitingResident : MSG.detailAwaitingPaper);
  if (confirmation?.state === 'objected' && confirmation.words) lines.push(`户主有不同意见：${confirmation.words}`);
  if (detail.review) lines.push(`评议（${dayWords(detail.review.meetingOn)}）：${detail.review.result === 'pass' ? '通过' : '不通过'}`);
  const publicity = detail.publicity;
  if (publicity) {
    const open = publicity.objections.filter((o) => o.finding === null);
    lines.push(`公示：${dayWords(publicity.startsOn)}起，${formatDay(publicity.endsAt)}期满${publicity.place ? `，${publicity.place}` : ''}；异议${publicity.objections.length}条${open.length ? `（未答复：第${open.map((o) => o.no).join('、')}条）` : ''}`);
    for (const o of open) lines.push(`  第${o.no}条 ${o.raisedBy}：${o.content}`);
  }
  return lines;
}

/** The further reports shown in chat (the console lists more). */
const REPORTS_IN_CHAT = 3;

/** 同户再次申报: who reported, when, and what they said, newest first. */
function reportLines(detail: CaseDetail): string[] {
  const { total, items } = detail.reports;
  if (total === 0) return [];
  const lines = [`同户再次申报${total}次：`];
  for (const r of items.slice(0, REPORTS_IN_CHAT)) {
    const hardships = r.hardships.map((h) => (h === 'other' && r.otherText ? r.otherText : HARDSHIP_SHORT[h] ?? h));
    const said = [hardships.join('、'), r.words ? `“${r.words}”` : ''].filter(Boolean).join('；');
    lines.push(`  ${formatDay(r.at)} ${r.reporter} ${r.phoneMasked}：${said}`);
  }
  if (total > REPORTS_IN_CHAT) lines.push(`  还有${total - REPORTS_IN_CHAT}次更早的，请在电脑上查看`);
  return lines;
}

const isState = (s: string): s is CaseState => (CASE_STATES as readonly string[]).includes(s);

/** Why the step of this state cannot be done yet (公示 not yet over…), when the domain refuses it. */
function blockedStep(detail: CaseDetail): string | null {
  if (!isState(detail.state)) return null;
  for (const action of CADRE_CHAT_ACTIONS) {
    if (ruleOf(action).step?.[detail.state] !== 'cadre' || detail.actions.includes(action)) continue;
    const why = detail.refusals[action];
    if (why) return why;
  }
  return null;
}

export function renderDetail(detail: CaseDetail, now: Date): string {
  const due = detail.dueAt === null ? '' : detail.dueAt.getTime() < now.getTime() ? '，已超时' : `，${formatDay(detail.dueAt)}前`;
  const actions = CADRE_CHAT_ACTIONS.filter((a) => detail.actions.includes(a));
  const lines = [
    `${detail.trackingCode}${detail.urgent ? '【紧急】' : ''} ${detail.stateLabel}${due}`,
    `${detail.villageName} 户主${detail.applicantName} ${detail.phoneMasked}`,
    ...declaredLines(detail),
    ...reportLines(detail),
    ...procedureLines(detail),
    detail.next,
    blockedStep(detail) ?? '',
    actions.length ? [MSG.detailCommands, ...actions.map((a) => commandLine(a, detail.trackingCode))].join('\n') : '',
  ];
  return lines.filter(Boolean).join('\n');
}
