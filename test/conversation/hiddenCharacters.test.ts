import { textStep } from '../../src/conversation/formSteps';
import { readAnswer } from '../../src/conversation/questions';
import { QUESTIONNAIRE } from '../../src/domain/questionnaire';

// The chat refuses what the server's schemas refuse, at the question itself: a resident or cadre
// is told which answer to write again instead of failing at the read-back.
const otherText = QUESTIONNAIRE.questions.find((q) => q.id === 'otherText')!;

test('a free-text answer with a bidi override or a zero-width character is asked again', () => {
  expect(readAnswer(otherText, '房子漏雨\u202e墙裂了')).toEqual({ ok: false, problem: '其他困难不能含有控制字符或不可见字符。' });
  expect(readAnswer(otherText, '房子\u200b漏雨')).toEqual({ ok: false, problem: '其他困难不能含有控制字符或不可见字符。' });
  expect(readAnswer(otherText, '房子漏雨，墙也裂了')).toEqual({ ok: true, value: '房子漏雨，墙也裂了' });
});

test('a cadre form text step refuses control characters', () => {
  const step = textStep('content', '异议内容', '异议内容是？', 2, 300);
  expect(step.read('他家\u0007有车', '他家\u0007有车', {}, {}, { now: new Date('2026-11-26T02:00:00Z') })).toEqual({ ok: false, problem: '异议内容不能含有控制字符或不可见字符。' });
  expect(step.read('他家有车', '他家有车', {}, {}, { now: new Date('2026-11-26T02:00:00Z') })).toEqual({ ok: true, value: '他家有车' });
});
