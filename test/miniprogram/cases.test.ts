import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ResidentCase } from '../../miniprogram/services/cases/types';
import { CLOSED_CASE, CONFIRMING_CASE, INVESTIGATING_CASE, recordLines, stepLines } from './support/cases';
import { harness, Harness, MP_ROOT, Node, tap, textOf } from './support/simulate';

let h: Harness;

beforeEach(() => {
  h = harness();
  h.server
    .on('POST', '/api/auth/wechat', { status: 200, body: { token: 'token-1', resident: { id: 7 } } })
    .on('GET', '/api/me/cases', { status: 200, body: { items: [CONFIRMING_CASE, INVESTIGATING_CASE, CLOSED_CASE] } })
    .on('GET', '/api/me/cases/41', { status: 200, body: INVESTIGATING_CASE })
    .on('GET', '/api/me/cases/43', { status: 200, body: CONFIRMING_CASE })
    .on('GET', '/api/me/cases/12', { status: 200, body: CLOSED_CASE });
});

const text = (n: Node) => n.dom?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

/** Each timeline step as "title|note", read from the rendered component. */
function timeline(page: Node): string[] {
  const component = page.querySelector('#timeline');
  if (!component) throw new Error('no timeline on screen');
  const notes = component.querySelectorAll('.step-note').map(text);
  return component.querySelectorAll('.step-title').map((title, i) => `${text(title)}|${notes[i]}`);
}

function records(page: Node): string[] {
  return page.querySelectorAll('.event').map(text);
}

test('my cases lists each declaration with where it stands, and opens one', async () => {
  const page = await h.open('pages/cases/index');

  expect(h.server.sent('GET', '/api/me/cases')[0].headers.Authorization).toBe('Bearer token-1');
  const first = textOf(page, '#case-41');
  for (const part of ['2026 0041', INVESTIGATING_CASE.stateLabel, '2026年3月2日申报 · 因病、因安全住房', INVESTIGATING_CASE.next]) {
    expect(first).toContain(part);
  }
  expect(textOf(page, '#case-12')).toContain(CLOSED_CASE.stateLabel);

  await tap(page, '#case-41');
  expect(h.wx.navigateTo).toHaveBeenCalledWith(expect.objectContaining({ url: '/pages/case-detail/index?id=41' }));
});

test('a case waiting for the household’s confirmation says 待您确认 before anything else, and only that one', async () => {
  const page = await h.open('pages/cases/index');

  expect(textOf(page, '#awaiting-43')).toBe('待您确认');
  expect(textOf(page, '#case-43').startsWith('待您确认')).toBe(true);
  expect(textOf(page, '#case-43')).toContain(CONFIRMING_CASE.stateLabel);
  expect(page.querySelector('#awaiting-41')).toBeUndefined();
  expect(page.querySelector('#awaiting-12')).toBeUndefined();
  expect(textOf(page, '#case-41')).not.toContain('待您确认');

  await tap(page, '#case-43');
  expect(h.wx.navigateTo).toHaveBeenCalledWith(expect.objectContaining({ url: '/pages/case-detail/index?id=43' }));
});

test('a case shows the server’s seven steps and record in its words, newest first, and what comes next', async () => {
  const page = await h.open('pages/case-detail/index', { id: '41' });

  // Compared with the server's own words (the fixture is built by residentTimeline), so rewording them there keeps this green.
  expect(timeline(page)).toEqual(stepLines(INVESTIGATING_CASE));
  expect(timeline(page)).toHaveLength(7);
  expect(timeline(page)[2]).toMatch(/^到您家了解情况\|/);
  expect(textOf(page, '#state-label')).toBe(INVESTIGATING_CASE.stateLabel);
  expect(records(page)).toEqual(recordLines(INVESTIGATING_CASE));
  expect(records(page)[2]).toBe('2026年3月2日您提交了申报');
  expect(textOf(page, '#next')).toBe(INVESTIGATING_CASE.next);
  // Nothing is asked of the household here.
  expect(page.querySelector('#confirmation')).toBeUndefined();
  expect(page.querySelector('#confirm')).toBeUndefined();
});

test('the timeline is the server’s text as sent: the page computes no step, note or wording of its own', async () => {
  const worded: ResidentCase = {
    ...INVESTIGATING_CASE,
    // Words no client could derive from the state or the actions.
    timeline: {
      steps: [
        { title: '第一步说法', status: 'done', note: '服务器写的完成说明' },
        { title: '第二步说法', status: 'current', note: '服务器写的进行说明' },
      ],
      events: [
        { action: 'accept', text: '服务器写的第一句', at: '2026-03-02T04:00:00Z' },
        { action: 'some_new_step', text: '以后新加的一步', at: '2026-03-05T04:00:00Z' },
      ],
    },
  };
  h.server.on('GET', '/api/me/cases/41', { status: 200, body: worded });
  const page = await h.open('pages/case-detail/index', { id: '41' });

  expect(timeline(page)).toEqual(['第一步说法|服务器写的完成说明', '第二步说法|服务器写的进行说明']);
  expect(records(page)).toEqual(['2026年3月5日以后新加的一步', '2026年3月2日服务器写的第一句']);
});

test('no client-built timeline remains in the mini-program', () => {
  expect(existsSync(join(MP_ROOT, 'utils/caseTimeline.ts'))).toBe(false);
  const sources = (readdirSync(MP_ROOT, { recursive: true }) as string[])
    .filter((f) => /\.(ts|wxml)$/.test(f) && !f.startsWith('shared') && !f.includes('node_modules'))
    .map((f) => [f, readFileSync(join(MP_ROOT, f), 'utf8')] as const);
  expect(sources.length).toBeGreaterThan(10);
  for (const [file, source] of sources) {
    // Knowing the workflow's action codes is what a client-side timeline needs; the pages need none.
    expect({ file, hit: /caseTimeline|eventText|\b(record_visit|confirm_visit|object_visit|start_publicity|finish_publicity|township_approve|county_confirm)\b/.exec(source)?.[0] }).toEqual({ file, hit: undefined });
  }
});

test('a case closed early shows the server’s marks for the steps that never took place', async () => {
  const page = await h.open('pages/case-detail/index', { id: '12' });

  expect(timeline(page)).toEqual(stepLines(CLOSED_CASE));
  expect(CLOSED_CASE.timeline.steps.map((s) => s.status)).toEqual(['done', 'done', 'skipped', 'skipped', 'skipped', 'skipped', 'skipped']);
  expect(records(page)).toEqual(recordLines(CLOSED_CASE));
  expect(textOf(page, '#next')).toBe(CLOSED_CASE.next);
});

test('help already given is listed with its day', async () => {
  const page = await h.open('pages/case-detail/index', { id: '43' });
  expect(textOf(page, '#help-0')).toBe('2026年3月3日送去临时救助金2000元');
  expect(records(page)).toEqual(recordLines(CONFIRMING_CASE));
  expect(records(page)).not.toContain('2026年3月3日送去临时救助金2000元');

  const none = await h.open('pages/case-detail/index', { id: '41' });
  expect(none.querySelector('#help-0')).toBeUndefined();
});

test('a failed load says so in plain words and offers to try again', async () => {
  h.server.on('GET', '/api/me/cases/41', { status: 500, body: 'oops' });
  const page = await h.open('pages/case-detail/index', { id: '41' });
  expect(textOf(page, '#error')).toBe('系统忙，请稍后再试');

  h.server.on('GET', '/api/me/cases/41', { status: 200, body: INVESTIGATING_CASE });
  await tap(page, '#retry');
  expect(textOf(page, '#tracking-code')).toBe('2026 0041');
});
