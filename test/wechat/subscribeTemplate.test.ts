import { checkTemplates, fitField, noticeValues, renderPage, renderTemplateData, templateFor } from '../../src/wechat/subscribeTemplate';

describe('subscribe template data', () => {
  const payload = {
    caseId: 7,
    trackingCode: 'SB-2026-000123',
    villageName: '兴科居委会',
    riskTypeLabels: ['因病', '因残'],
    urgent: true,
    state: 'investigating',
    stateLabel: '村干部已受理',
    next: '村干部会两人一起到您家了解情况，请准备好户口本和身份证。',
    note: null,
  };
  const values = noticeValues(payload, new Date('2026-11-23T15:05:00.000Z'));

  it('fills placeholders, with the time of the change in China time', () => {
    expect(values).toMatchObject({ trackingCode: 'SB-2026-000123', riskTypeLabels: '因病、因残', urgent: '加急', note: '', caseId: '7', date: '2026年11月23日', time: '2026年11月23日 23:05' });
  });

  it("offers the step's own words (first line), falling back to what comes next", () => {
    expect(noticeValues({ ...payload, text: '村干部记下了入户核查的情况，请您看看对不对：\n核实的困难：因病' }, new Date()).text).toBe('村干部记下了入户核查的情况，请您看看对不对：');
    expect(values.text).toBe(payload.next);
  });

  it('cuts each field to what WeChat accepts for its type', () => {
    const data = renderTemplateData(
      {
        templateId: 'TPL',
        data: {
          character_string1: '{trackingCode}',
          phrase2: '{stateLabel}',
          thing3: '{next}',
          time4: '{time}',
          thing5: '{villageName}：{stateLabel}',
          thing6: '{note}',
          name7: '{villageName}{villageName}{villageName}',
        },
      },
      values,
    );
    expect(data).toEqual({
      character_string1: { value: 'SB-2026-000123' },
      phrase2: { value: '村干部已受' },
      thing3: { value: '村干部会两人一起到您家了解情况，请准备…' },
      time4: { value: '2026年11月23日 23:05' },
      thing5: { value: '兴科居委会：村干部已受理' },
      thing6: { value: '无' },
      name7: { value: '兴科居委会兴科居委会' },
    });
    expect(Array.from(data.thing3.value)).toHaveLength(20);
  });

  it.each([
    ['thing12', 'a'.repeat(25), `${'a'.repeat(19)}…`],
    ['phrase1', '处理中 ok', '处理中'],
    ['character_string2', `编号 ${'9'.repeat(40)}`, '9'.repeat(32)],
    ['name3', 'A'.repeat(25), 'A'.repeat(20)],
    ['number4', '1'.repeat(40), '1'.repeat(32)],
    ['date5', '2026年11月23日 ~ 2026年12月1日', '2026年11月23日 ~ 2026年12月1日'],
    ['character_string6', '', '-'],
  ])('%s: %s → %s', (field, value, expected) => {
    expect(fitField(field, value)).toBe(expected);
  });

  it('picks the template for the kind, else "*", and a page that opens the case', () => {
    const templates = { case_accepted: { templateId: 'A', data: {} }, '*': { templateId: 'B', page: 'pages/cases/index?from={unknown}', data: { thing1: '{stateLable}' } } };
    expect(templateFor(templates, 'case_accepted')?.templateId).toBe('A');
    expect(templateFor(templates, 'case_closed')?.templateId).toBe('B');
    expect(templateFor({}, 'case_closed')).toBeNull();
    expect(renderPage(templates.case_accepted, values)).toBe('pages/case-detail/index?id=7');
    expect(checkTemplates(templates)).toEqual([
      'subscribe template for case_accepted has no data fields',
      expect.stringContaining('unknown placeholder {stateLable}'),
      expect.stringContaining('unknown placeholder {unknown}'),
    ]);
  });
});
