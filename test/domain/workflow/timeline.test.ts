import { RESIDENT_STAGES, residentTimeline, residentWords, type CaseState, type TimelineEvent } from '../../../src/domain/workflow';

/** An audit event at 10:00 China time on a 2026 date ("11-17"). */
const ev = (day: string, action: string, fromState: CaseState | null, toState: CaseState, data: Record<string, unknown> | null = null): TimelineEvent => ({
  action,
  fromState,
  toState,
  data,
  at: new Date(`2026-${day}T10:00:00+08:00`),
});
const CREATED = new Date('2026-11-16T10:00:00+08:00');
const statuses = (t: ReturnType<typeof residentTimeline>) => t.steps.map((s) => `${s.title}:${s.status}:${s.note}`);

// Internal words that must never reach the household.
const SECRET = ['内部备注：邻居举报', '匿名', '他家有车', '收入高于监测范围', '评议人数不够', '不归我村管'];

const MONITORED_PATH: TimelineEvent[] = [
  ev('11-16', 'declare', null, 'assigned', { note: SECRET[0] }),
  ev('11-17', 'accept', 'assigned', 'investigating', { note: SECRET[0] }),
  ev('11-18', 'record_visit', 'investigating', 'confirming', { note: SECRET[0] }),
  ev('11-19', 'confirm_visit', 'confirming', 'village_review'),
  ev('11-20', 'record_review', 'village_review', 'village_review', { result: 'pass', note: SECRET[0] }),
  ev('11-23', 'start_publicity', 'village_review', 'publicity'),
  ev('11-24', 'record_objection', 'publicity', 'publicity', { raisedBy: SECRET[1], content: SECRET[2] }),
  ev('11-25', 'answer_objection', 'publicity', 'publicity', { no: 1, finding: 'unfounded', answer: '车是借的' }),
  ev('12-01', 'finish_publicity', 'publicity', 'township_review'),
  ev('12-02', 'township_approve', 'township_review', 'county_review'),
  ev('12-03', 'county_confirm', 'county_review', 'monitored', { note: SECRET[0] }),
];

describe('residentWords', () => {
  it.each([
    ['declare', {}, '您提交了申报'],
    ['file', {}, '村干部为您家登记了困难情况'],
    ['assign', { note: '请尽快联系' }, '交给村干部'],
    ['transfer', { reason: SECRET[5] }, '转给乡镇重新安排'],
    ['close', { reason: 'duplicate', note: SECRET[0] }, '办结（已经申报过了）'],
    ['close', { reason: 'made_up' }, '办结'],
    ['record_review', { result: 'fail', reason: SECRET[3] }, '村里开会商量后，这次没有通过'],
    ['record_review', { result: 'pass' }, '村里开会商量通过了'],
    ['confirm_visit', {}, '您确认了核查情况'],
    ['object_visit', { words: '打工收入没那么多' }, '您对核查情况提了不同意见'],
    ['township_return', { reason: SECRET[4] }, '乡镇请村里再商量一次'],
    ['county_reject', { reason: SECRET[3] }, '县里这次没有列入帮扶'],
    ['help_first', { what: '送米面油', note: SECRET[0] }, '先给您家的帮助：送米面油'],
  ])('%s %j → %s', (action, data, words) => {
    expect(residentWords({ action, data })).toBe(words);
  });

  it.each(['record_objection', 'answer_objection', 'recompute_due', 'note', 'unknown_thing'])('%s is internal: no words', (action) => {
    expect(residentWords({ action, data: { content: SECRET[2] } })).toBeNull();
  });
});

describe('residentTimeline', () => {
  it('the seven steps of 识别方法步骤 as a household names them', () => {
    expect(RESIDENT_STAGES).toEqual(['申报', '村干部接手', '到您家了解情况', '村里开会商量', '名单贴在村里', '乡镇看', '县里定']);
  });

  it('a monitored case: every step done on the day the case moved past it; objections never shown', () => {
    const t = residentTimeline('monitored', CREATED, MONITORED_PATH);
    expect(statuses(t)).toEqual([
      '申报:done:11月16日完成',
      '村干部接手:done:11月17日完成',
      // 入户核查 ends when the household confirmed, not when the form was entered.
      '到您家了解情况:done:11月19日完成',
      '村里开会商量:done:11月23日完成',
      '名单贴在村里:done:12月1日完成',
      '乡镇看:done:12月2日完成',
      '县里定:done:12月3日完成',
    ]);
    expect(t.events.map((e) => e.text)).toEqual([
      '您提交了申报',
      '村干部接手了您的申报',
      '村干部到您家了解了情况',
      '您确认了核查情况',
      '村里开会商量通过了',
      '名单贴在村里了',
      '名单张贴期满',
      '乡镇看过了，交给县里',
      '县里定了帮扶您家',
    ]);
    expect(t.events[0]).toEqual({ action: 'declare', text: '您提交了申报', at: '2026-11-16T02:00:00.000Z' });
    const everything = JSON.stringify(t);
    for (const secret of SECRET) expect(everything).not.toContain(secret);
  });

  it('an open case: done, current, then still to come', () => {
    const t = residentTimeline('investigating', CREATED, MONITORED_PATH.slice(0, 2));
    expect(statuses(t)).toEqual([
      '申报:done:11月16日完成',
      '村干部接手:done:11月17日完成',
      '到您家了解情况:current:正在办',
      '村里开会商量:todo:还没到',
      '名单贴在村里:todo:还没到',
      '乡镇看:todo:还没到',
      '县里定:todo:还没到',
    ]);
  });

  it('a case waiting to be routed is at 村干部受理', () => {
    expect(statuses(residentTimeline('submitted', CREATED, [ev('11-16', 'declare', null, 'submitted')])).slice(0, 3)).toEqual([
      '申报:done:11月16日完成',
      '村干部接手:current:正在办',
      '到您家了解情况:todo:还没到',
    ]);
  });

  it('the household confirms while the visit step is still current', () => {
    expect(residentTimeline('confirming', CREATED, MONITORED_PATH.slice(0, 3)).steps[2]).toEqual({ title: '到您家了解情况', status: 'current', note: '正在办' });
  });

  it('a step done with no event to date it still reads done', () => {
    // E.g. a case imported mid-way: no accept event on record.
    expect(residentTimeline('village_review', CREATED, []).steps[1]).toEqual({ title: '村干部接手', status: 'done', note: '已完成' });
  });

  it('closed by 结案 during the visit: the visit and everything after never happened', () => {
    const t = residentTimeline('closed', CREATED, [...MONITORED_PATH.slice(0, 2), ev('11-18', 'close', 'investigating', 'closed', { reason: 'withdrawn' })]);
    expect(t.steps.map((s) => s.status)).toEqual(['done', 'done', 'skipped', 'skipped', 'skipped', 'skipped', 'skipped']);
    expect(t.steps[2].note).toBe('没有进行');
    expect(t.events.at(-1)?.text).toBe('办结（您撤回了申报）');
  });

  it('closed by a visit that concluded 核查结束: the visit was done', () => {
    const t = residentTimeline('closed', CREATED, [...MONITORED_PATH.slice(0, 3), ev('11-19', 'confirm_visit', 'confirming', 'closed')]);
    expect(t.steps.map((s) => s.status)).toEqual(['done', 'done', 'done', 'skipped', 'skipped', 'skipped', 'skipped']);
    expect(t.steps[2].note).toBe('11月19日完成');
  });

  it('closed by a failed review: the review was done, its reason stays internal', () => {
    const events = [...MONITORED_PATH.slice(0, 4), ev('11-20', 'record_review', 'village_review', 'closed', { result: 'fail', reason: SECRET[3] })];
    const t = residentTimeline('closed', CREATED, events);
    expect(t.steps.map((s) => s.status)).toEqual(['done', 'done', 'done', 'done', 'skipped', 'skipped', 'skipped']);
    expect(t.events.at(-1)?.text).toBe('村里开会商量后，这次没有通过');
    expect(JSON.stringify(t)).not.toContain(SECRET[3]);
  });

  it('a rejected case has every step done', () => {
    const events = [...MONITORED_PATH.slice(0, -1), ev('12-03', 'county_reject', 'county_review', 'rejected', { reason: SECRET[3] })];
    const t = residentTimeline('rejected', CREATED, events);
    expect(t.steps.every((s) => s.status === 'done')).toBe(true);
    expect(t.events.at(-1)?.text).toBe('县里这次没有列入帮扶');
  });

  it('dates are China dates: an event at 17:00 UTC reads as the next day', () => {
    const late = { action: 'accept', fromState: 'assigned', toState: 'investigating', at: new Date('2026-11-17T17:00:00Z') };
    expect(residentTimeline('investigating', CREATED, [late]).steps[1].note).toBe('11月18日完成');
  });
});
