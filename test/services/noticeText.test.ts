import { CALLBACK_NOTE, renderNotice, safeNote } from '../../src/services/noticeText';

const payload = (extra: Record<string, unknown> = {}) => ({
  caseId: 1,
  trackingCode: '12345678',
  villageName: '兴科居委会',
  riskTypeLabels: ['因病'],
  urgent: false,
  state: 'assigned',
  stateLabel: '已交给村干部',
  next: '村干部一般第二天就会和您联系（赶上周末、放假就往后推几天）。',
  note: null,
  text: null,
  ...extra,
});
const length = (text: string) => [...text].length;
const NOTE = '户主电话13912345678，身份证152221197001010012，家里有人住院需要尽快上门';

/** Every kind a rule sends to staff, with the state the case is in when it is sent. */
const STAFF_KINDS: [string, string][] = [
  ['case_assigned', 'assigned'],
  ['case_needs_routing', 'submitted'],
  ['case_transferred', 'submitted'],
  ['case_sent_back', 'village_review'],
  ['case_sent_back', 'township_review'],
  ['case_visit_objected', 'investigating'],
  ['case_decided', 'monitored'],
  ['case_decided', 'rejected'],
  ['case_reopened', 'assigned'],
  ['case_helped_first', 'publicity'],
  ['case_reported_again', 'investigating'],
];

describe('notice texts for staff', () => {
  it('tells a cadre about a new case in one line they can answer', () => {
    expect(renderNotice('case_assigned', 'staff', payload({ urgent: true }))).toBe('【新申报·紧急】12345678 兴科居委会 因病。回复“受理 12345678”受理');
    expect(renderNotice('case_assigned', 'staff', payload({ riskTypeLabels: [], note: CALLBACK_NOTE }))).toBe('【请回电】12345678 兴科居委会 群众请求回电。回复“详情 12345678”看电话');
  });

  it.each([
    ['case_visit_objected', 'investigating', '收入没有那么多', '【户主有不同意见】12345678 兴科居委会：收入没有那么多。请再核实，回复“核查 12345678”重新录入'],
    ['case_decided', 'monitored', null, '【已纳入监测】12345678 兴科居委会。请和这户商量落实帮扶措施，回复“详情 12345678”查看'],
    ['case_decided', 'rejected', '人均收入高于监测线', '【县里未纳入】12345678 兴科居委会：人均收入高于监测线。回复“详情 12345678”查看，户主有疑问请解释'],
    ['case_reopened', 'assigned', '群众补充了材料', '【重新办理】12345678 兴科居委会：群众补充了材料。请重新受理，回复“受理 12345678”'],
    ['case_helped_first', 'publicity', '发放临时救助', '【已先行帮扶】12345678 兴科居委会：发放临时救助。认定程序照常办，回复“详情 12345678”查看'],
    ['case_reported_again', 'investigating', '李四（儿子）', '【同户再次申报】12345678 兴科居委会：李四（儿子）又报了困难，请一并核实。回复“详情 12345678”查看'],
    ['case_sent_back', 'village_review', '公示有异议属实', '【退回】12345678 兴科居委会，退回到“村级评议”：公示有异议属实。请重新评议，回复“评议 12345678”录入'],
    ['case_sent_back', 'township_review', '材料不全', '【退回】12345678 兴科居委会，退回到“乡镇审核”：材料不全。请重新审核'],
  ])('%s (%s) says what happened and what to type next', (kind, state, note, text) => {
    expect(renderNotice(kind, 'staff', payload({ state, note }))).toBe(text);
  });

  it('keeps every staff notice within a phone screen and free of ID and phone numbers', () => {
    for (const [kind, state] of STAFF_KINDS) {
      for (const villageName of ['兴科居委会', '科尔沁社区居委会']) {
        const text = renderNotice(kind, 'staff', payload({ state, note: NOTE, villageName, urgent: true, riskTypeLabels: ['因病', '因学', '因安全住房'] }));
        expect(length(text)).toBeLessThanOrEqual(80);
        expect(text).not.toMatch(/\d{11}|\d{17}/);
        expect(text).not.toContain('住院');
        expect(text).not.toMatch(/^【申报动态】/);
      }
    }
  });

  it('hides digit runs and shortens free text', () => {
    expect(safeNote('请打13912345678')).toBe('请打***');
    expect(safeNote('一二三四五六七八九十一二三四五六七八九十多')).toBe('一二三四五六七八九十一二三四五六七八九十…');
  });
});

describe('notice texts for residents', () => {
  it('case_visit_confirm is the plain-words summary, then the two replies', () => {
    const text = ['村干部记下了入户核查的情况，请您看看对不对：', '2026年11月24日，张明、王强到您家了解情况', '核实的困难：因病', '近12个月家庭纯收入15,000元，4口人，每人3,750元', '结论：继续办理，下一步村里开会商量'].join('\n');
    expect(renderNotice('case_visit_confirm', 'resident', payload({ state: 'confirming', text }))).toBe(`【请确认核查情况】申报号 1234 5678\n${text}\n回复1确认，回复2有不同意见。`);
  });

  it('reads the rule table\'s words for the step, with long digit runs hidden', () => {
    const text = '村干部王芳已受理您的申报，会两人一起到您家了解情况，请准备好户口本和身份证。';
    expect(renderNotice('case_accepted', 'resident', payload({ state: 'investigating', text }))).toBe(`【申报进度】申报号 1234 5678：${text}`);
    expect(renderNotice('case_decided', 'resident', payload({ state: 'rejected', text: '县里这次没有把您家列入帮扶，原因是：身份证152221197001010012重复。' }))).toBe(
      '【申报进度】申报号 1234 5678：县里这次没有把您家列入帮扶，原因是：身份证***重复。',
    );
  });

  it('without those words, tells the state, why a case was closed, and what comes next', () => {
    expect(renderNotice('case_closed', 'resident', payload({ state: 'closed', stateLabel: '已办结', next: '这件申报已经办结；以后有新困难可以再申报。', note: 'no_risk' }))).toBe(
      '【申报进度】申报号 1234 5678：已办结（村里看过，家里暂时没有大的困难）。这件申报已经办结；以后有新困难可以再申报。',
    );
    for (const kind of ['case_received', 'case_accepted', 'case_published', 'case_closed', 'case_decided', 'case_reopened']) {
      const text = renderNotice(kind, 'resident', payload({ note: NOTE }));
      expect(length(text)).toBeLessThanOrEqual(80);
      expect(text).not.toMatch(/\d{11}|\d{17}/);
    }
  });
});
