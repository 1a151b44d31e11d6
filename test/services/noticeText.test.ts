import { CALLBACK_NOTE, renderNotice, safeNote } from '../../src/services/noticeText';

const payload = (extra: Record<string, unknown> = {}) => ({
  caseId: 1,
  trackingCode: 'SB-12345678',
  villageName: '兴科居委会',
  riskTypeLabels: ['因病'],
  urgent: false,
  state: 'assigned',
  stateLabel: '已交给村干部',
  next: '村干部一般1个工作日内受理，并和您联系。',
  note: null,
  ...extra,
});
const length = (text: string) => [...text].length;

describe('notice texts', () => {
  it('tells a cadre about a new case in one line they can answer', () => {
    expect(renderNotice('case_assigned', 'staff', payload({ urgent: true }))).toBe('【新申报·紧急】SB-12345678 兴科居委会 因病。回复“受理 12345678”受理');
    expect(renderNotice('case_assigned', 'staff', payload({ riskTypeLabels: [], note: CALLBACK_NOTE }))).toBe('【请回电】SB-12345678 兴科居委会 群众请求回电。回复“详情 12345678”看电话');
  });

  it('keeps every notice within a phone screen and free of ID and phone numbers', () => {
    const note = '户主电话13912345678，身份证152221197001010012，家里有人住院需要尽快上门';
    const kinds = ['case_assigned', 'case_needs_routing', 'case_transferred', 'case_sent_back', 'case_received', 'case_accepted', 'case_published', 'case_closed', 'case_decided'];
    for (const kind of kinds) {
      for (const to of ['staff', 'resident'] as const) {
        const text = renderNotice(kind, to, payload({ note, riskTypeLabels: ['因病', '因学', '因安全住房'] }));
        expect(length(text)).toBeLessThanOrEqual(80);
        expect(text).not.toMatch(/\d{11}|\d{17}/);
        expect(text).not.toContain('住院');
      }
    }
  });

  it('tells the resident the state, why a case was closed, and what comes next', () => {
    expect(renderNotice('case_closed', 'resident', payload({ state: 'closed', stateLabel: '已办结', next: '这件申报已经办结；以后有新困难可以再申报。', note: 'no_risk' }))).toBe(
      '【申报进度】SB-12345678：已办结（核查无风险）。这件申报已经办结；以后有新困难可以再申报。',
    );
  });

  it('hides digit runs and shortens free text', () => {
    expect(safeNote('请打13912345678')).toBe('请打***');
    expect(safeNote('一二三四五六七八九十一二三四五六七八九十多')).toBe('一二三四五六七八九十一二三四五六七八九十…');
  });
});
