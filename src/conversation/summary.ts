import { applicableQuestions, type Answers, type Question, type QuestionnaireDefinition } from '../domain/questionnaire';
import { MSG } from './messages';
import { displayAnswer, HARDSHIP_SHORT } from './questions';
import { fitsOneScreen } from './screenLines';

/**
 * The short read-back before submitting (户主、村、几口人、困难 with key amounts) and the
 * numbered "改哪一项" list. Pure: answers in, text out.
 */
function optionLabel(def: QuestionnaireDefinition, questionId: string, value: unknown): string {
  const question = def.questions.find((q) => q.id === questionId);
  return question?.options?.find((o) => o.value === String(value))?.label ?? '';
}

function yuan(value: unknown): string {
  return `${Number(value)}元`;
}

/** One hardship in plain words with its key figure, e.g. "看病花钱多（自付约12000元）". */
export function describeHardship(def: QuestionnaireDefinition, code: string, answers: Answers): string {
  const a = answers;
  switch (code) {
    case 'illness':
      return a.medicalOutOfPocket === undefined ? HARDSHIP_SHORT.illness : `看病花钱多（自付约${yuan(a.medicalOutOfPocket)}）`;
    case 'schooling': {
      const base = a.dropout === '1' ? '有孩子不上学了' : '孩子上学开销大';
      return a.students === undefined ? base : `${base}（${a.students}个孩子上学）`;
    }
    case 'housing':
      return a.housingDanger === '1' ? '房子可能倒塌' : a.housingDanger === '2' ? '房子漏雨裂缝' : HARDSHIP_SHORT.housing;
    case 'water':
      return optionLabel(def, 'waterProblem', a.waterProblem) || HARDSHIP_SHORT.water;
    case 'disability':
      return a.disabilityCertificate === undefined ? HARDSHIP_SHORT.disability : `家里有人残疾（${a.disabilityCertificate === '1' ? '有' : '没有'}残疾证）`;
    case 'disaster': {
      const parts = [optionLabel(def, 'disasterWhen', a.disasterWhen), a.disasterLoss === undefined ? '' : `损失约${yuan(a.disasterLoss)}`].filter(Boolean);
      return parts.length ? `遭了灾（${parts.join('，')}）` : HARDSHIP_SHORT.disaster;
    }
    case 'accident': {
      const parts = [optionLabel(def, 'accidentWhen', a.accidentWhen), a.accidentCost === undefined ? '' : `花了约${yuan(a.accidentCost)}`].filter(Boolean);
      return parts.length ? `出了意外（${parts.join('，')}）` : HARDSHIP_SHORT.accident;
    }
    case 'industry':
      return a.industryLoss === undefined ? HARDSHIP_SHORT.industry : `种养生意亏本（约${yuan(a.industryLoss)}）`;
    case 'employment': {
      const since = optionLabel(def, 'joblessSince', a.joblessSince);
      return a.jobless === undefined ? HARDSHIP_SHORT.employment : `${a.jobless}人没活干${since ? `（${since}）` : ''}`;
    }
    case 'labor':
      return a.laborCount === undefined ? HARDSHIP_SHORT.labor : `缺劳动力（能干活的${a.laborCount}人）`;
    case 'other': {
      const text = String(a.otherText ?? '');
      const short = [...text].length > 20 ? `${[...text].slice(0, 20).join('')}…` : text;
      return short ? `其他：${short}` : HARDSHIP_SHORT.other;
    }
    default:
      return code;
  }
}

/**
 * The read-back, one item a line, the phone number included (a wrong digit means no call):
 * "请核对：\n户主巴特尔，4口人\n联发嘎查\n电话13912345678\n困难：看病花钱多（自付约12000元）\n1 确认提交\n2 修改".
 * With many hardships their figures are left out (the edit list shows them) so that it still
 * fits one screen.
 */
export function renderSummary(def: QuestionnaireDefinition, answers: Answers, labels: Record<string, string>): string {
  const hardships = Array.isArray(answers.hardships) ? answers.hardships : [];
  const who = [answers.name !== undefined ? `户主${answers.name}` : '', answers.household !== undefined ? `${answers.household}口人` : ''].filter(Boolean).join('，');
  const proxy = answers.start === '2' && typeof answers.proxy === 'string' ? answers.proxy.split('|') : null;
  const phone = asPhone(proxy ? answers.proxyPhone : answers.phone);
  const render = (words: (code: string) => string): string => {
    const lines = ['请核对：', who, labels.village ?? ''];
    if (proxy) lines.push(`由${proxy[1]}${proxy[0]}代报${phone ? `，电话${phone}` : ''}`);
    else if (phone) lines.push(`电话${phone}`);
    lines.push(`困难：${hardships.map(words).join('；')}`, '1 确认提交', '2 修改');
    return lines.filter(Boolean).join('\n');
  };
  const full = render((h) => describeHardship(def, h, answers));
  return fitsOneScreen(full) ? full : render((h) => HARDSHIP_SHORT[h] ?? h);
}

function asPhone(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

export interface EditItem {
  question: Question;
  text: string;
}

/** The answered questions a resident may change, in questionnaire order ("申报方式" is not one: 重新开始 does that). */
export function editItems(def: QuestionnaireDefinition, answers: Answers, labels: Record<string, string>): EditItem[] {
  return applicableQuestions(def, answers)
    .filter((q) => q.id !== 'start' && answers[q.id] !== undefined)
    .map((question) => ({ question, text: `${question.label}：${displayAnswer(question, answers, labels)}` }));
}

export function renderEditList(items: readonly EditItem[]): string {
  return [MSG.editWhich, ...items.map((item, i) => `${i + 1} ${item.text}`), MSG.editFooter].join('\n');
}
