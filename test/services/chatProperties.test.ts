import fc from 'fast-check';
import { handleMessage, type Sender } from '../../src/conversation';
import { residentFor } from '../../src/services/auth';
import { createChatPorts } from '../../src/services/chatPorts';
import { caseSteps } from '../support/caseSteps';
import { validIdNumber } from '../support/ids';
import { createTestApp, DRIVERS, NOW, type TestApp } from '../support/testApp';

/**
 * The chat engine on the real ports and database under generated conversations: a resident or a
 * cadre, in a private chat or a group, starting from nothing, from a stored state that is junk,
 * or part-way through a real declaration or a cadre's 待办, then saying anything — digits, the
 * engine's own command words, names, ID and phone numbers, emoji, empty or blank text, text far
 * too long, control characters. It never throws, and every message it is meant to answer (all
 * but a group message not addressed to it) gets at least one non-empty text; the state it hands
 * back survives JSON, as chat_sessions stores it. 10,000 conversations on SQLite (in memory, the
 * faster here), 300 on MariaDB; the seed is fixed and printed by fast-check on a failure.
 */
jest.setTimeout(120_000);

const RUNS = { sqlite: 10_000, mariadb: 300 } as const;
const SEED = 20261125;
const MINUTE = 60_000;

/** The first steps of a real declaration and of a cadre's day, to start part-way through. */
const RESIDENT_SCRIPT = ['你好', '1', '兴科', '巴特尔', validIdNumber(31), '13912345678', '4', '1', '1万2', '2', '1'];
const CADRE_SCRIPT = ['待办', '1', '受理 1', '核查 1', '1', '张明', '1', '1', '4'];

const WORDS = [
  '申报', '帮家人申报', '查询', '人工', '返回', '重新开始', '取消', '乡镇', '下一页', '帮助', '你好', '我的申报',
  '待办', '详情', '详情 1', '受理', '受理 1', '核查 1', '评议 1', '公示 1', '公示结束 1', '异议 1', '答复 1 1', '确认', '确认 1', '绑定', '绑定 12345678',
  '兴科', '联发', '科尔沁', '巴特尔', '一万二', '1万2', '12000元', '两千', validIdNumber(32), '11010519491231002X', '13912345678', '2026-11-20', '昨天',
  // Object.prototype's keys: a lookup with `in` once took "valueOf" for a day.
  'valueOf', 'constructor', '__proto__', 'toString', 'hasOwnProperty',
];
const text = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: -1, max: 30 }).map(String) },
  { weight: 4, arbitrary: fc.constantFrom(...WORDS) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
  { weight: 1, arbitrary: fc.constantFrom('', ' ', '\n', '\u3000', '😀', '👍🏻👍🏻', '\u202e1', '1\u200b', '\u0000', '[微笑]', '@申报通\u2005待办', '１２') },
  { weight: 1, arbitrary: fc.integer({ min: 200, max: 20_000 }).chain((n) => fc.constantFrom('1'.repeat(n), '申'.repeat(n), '😀'.repeat(n))) },
);
const message = fc.record({ text, gapMinutes: fc.oneof({ weight: 5, arbitrary: fc.constant(1) }, { weight: 1, arbitrary: fc.nat(4 * 24 * 60) }), inRoom: fc.oneof({ weight: 5, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }), mentioned: fc.boolean() });
const conversation = fc.record({
  who: fc.constantFrom('resident' as const, 'cadre' as const),
  start: fc.oneof({ weight: 8, arbitrary: fc.constant({ kind: 'script' as const }) }, { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((junk) => ({ kind: 'junk' as const, junk })) }),
  prefix: fc.nat(RESIDENT_SCRIPT.length + 1),
  messages: fc.array(message, { minLength: 1, maxLength: 4 }),
});

describe.each(DRIVERS)('the chat engine under generated conversations on %s', (driver) => {
  let t: TestApp;
  let resident: Sender;
  let cadre: Sender;

  /** The stored state after each step of the scripts (index = steps said), said once here rather than in every run. */
  const scripted: Record<'resident' | 'cadre', unknown[]> = { resident: [], cadre: [] };

  beforeAll(async () => {
    t = await createTestApp(driver);
    const steps = caseSteps(t);
    for (let i = 0; i < 3; i++) await steps.declare();
    resident = { kind: 'resident', residentId: (await residentFor(t.app, 'chat', 'wx-properties')).id, channelUserId: 'wx-properties' };
    cadre = { kind: 'cadre', staffId: t.users.cadreA1, name: 'cadreA1', channelUserId: 'wx-cadre-properties' };
    const ports = createChatPorts(t.app);
    for (const [who, sender, script] of [['resident', resident, RESIDENT_SCRIPT], ['cadre', cadre, CADRE_SCRIPT]] as const) {
      let state: unknown = null;
      scripted[who].push(state);
      for (const [i, text] of script.entries()) {
        t.clock.now = new Date(NOW.getTime() + (i + 1) * MINUTE);
        const result = await handleMessage({ sender, text, inRoom: false, mentioned: false, now: t.clock.now }, state, ports);
        state = result.state === null ? null : JSON.parse(JSON.stringify(result.state));
        scripted[who].push(state);
      }
    }
  });
  afterAll(() => t.close());

  it(`answers ${RUNS[driver]} generated conversations with text and never throws`, async () => {
    const ports = createChatPorts(t.app);
    await fc.assert(
      fc.asyncProperty(conversation, async ({ who, start, prefix, messages }) => {
        const sender = who === 'resident' ? resident : cadre;
        const step = prefix % scripted[who].length;
        let now = NOW.getTime() + step * MINUTE;
        let state: unknown = start.kind === 'junk' ? start.junk : scripted[who][step];
        for (const [i, m] of messages.entries()) {
          now += m.gapMinutes * MINUTE;
          t.clock.now = new Date(now);
          const result = await handleMessage({ sender, text: m.text, inRoom: m.inRoom, mentioned: m.mentioned, now: t.clock.now }, state, ports);
          const addressed = !m.inRoom || m.mentioned;
          const answered = result.replies.length > 0 && result.replies.every((r) => typeof r === 'string' && r.trim().length > 0);
          if (addressed && !answered) throw new Error(`message ${i + 1} (${JSON.stringify(m.text.slice(0, 40))}) got ${JSON.stringify(result.replies)}`);
          state = result.state === null ? null : JSON.parse(JSON.stringify(result.state));
        }
      }),
      { numRuns: RUNS[driver], seed: SEED },
    );
  });
});
