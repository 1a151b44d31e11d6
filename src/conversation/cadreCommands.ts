import { CLOSE_REASONS, STATE_INFO } from '../domain/caseLifecycle';
import { DomainError } from '../domain/errors';
import { formatDay } from './format';
import { MSG } from './messages';
import { parseTrackingCode } from './parseReply';
import type { CadreChatAction, CaseDetail, ConversationPorts, QueueItem } from './ports';

/**
 * A bound cadre's chat commands: 待办, 详情 <编号>, 受理 <编号>, 转交 <编号> <原因>,
 * 结案 <编号> <原因>. Stateless: each message is one command. In a group chat nothing personal is
 * written (no names, phones, amounts, illness): 待办 shows codes, villages and risk-type labels.
 */
export interface CadreTurn {
  staffId: number;
  /** Normalised text (normalizeText). */
  text: string;
  inRoom: boolean;
  now: Date;
}

const MAX_QUEUE_SHOWN = 10;
type CloseReason = keyof typeof CLOSE_REASONS;

const CLOSE_REASON_WORDS: [RegExp, CloseReason][] = [
  [/^(核查)?无风险|^no_risk/i, 'no_risk'],
  [/^不符合(纳入)?(条件)?|^not_eligible/i, 'not_eligible'],
  [/^重复(申报)?|^duplicate/i, 'duplicate'],
  [/^(群众)?撤回|^withdrawn/i, 'withdrawn'],
];

/** "无风险 已核实" → { reason: 'no_risk', note: '已核实' }; null when no known reason word leads. */
export function parseCloseReason(text: string): { reason: CloseReason; note: string } | null {
  for (const [pattern, reason] of CLOSE_REASON_WORDS) {
    const match = pattern.exec(text);
    if (match) return { reason, note: text.slice(match[0].length).replace(/^[\s,，。:：;；]+/, '').trim() };
  }
  return null;
}

export type CadreCommand = '待办' | '详情' | '受理' | '转交' | '结案';

/** Splits "受理SB-12345678", "结案 sb-12345678 无风险" into command, code token and the rest. */
export function parseCadreCommand(text: string): { command: CadreCommand; codeToken: string; rest: string } | null {
  const match = /^(待办|详情|受理|转交|结案)\s*([A-Za-z0-9-]*)\s*(.*)$/.exec(text);
  if (!match) return null;
  return { command: match[1] as CadreCommand, codeToken: match[2], rest: match[3].trim() };
}

function queueLine(item: QueueItem, index: number, turn: CadreTurn): string {
  const labels = item.riskTypeLabels.join('、');
  if (turn.inRoom) return `${index}. ${item.trackingCode} ${item.villageName} ${labels}`;
  const due = item.dueAt === null ? '' : item.dueAt.getTime() < turn.now.getTime() ? '，已超时' : `，${formatDay(item.dueAt)}前`;
  return `${index}. ${item.trackingCode} ${item.villageName} ${labels}${item.urgent ? ' 紧急' : ''} ${item.stateLabel}${due}`;
}

async function queue(turn: CadreTurn, ports: ConversationPorts): Promise<string> {
  const items = await ports.cadreQueue(turn.staffId);
  if (items.length === 0) return MSG.queueEmpty;
  const lines = [MSG.queueTitle(items.length), ...items.slice(0, MAX_QUEUE_SHOWN).map((item, i) => queueLine(item, i + 1, turn))];
  if (items.length > MAX_QUEUE_SHOWN) lines.push(MSG.queueMore(items.length - MAX_QUEUE_SHOWN));
  lines.push(MSG.queueFooter);
  return lines.join('\n');
}

export function renderDetail(detail: CaseDetail): string {
  const lines = [
    `${detail.trackingCode}${detail.urgent ? '【紧急】' : ''} ${detail.stateLabel}`,
    `${detail.villageName} 户主${detail.applicantName} ${detail.phoneMasked}`,
    `${detail.householdSize}口人；${detail.riskTypeLabels.join('、')}`,
    `申报时间：${formatDay(detail.createdAt)}`,
    detail.next,
  ];
  if (detail.stateLabel === STATE_INFO.assigned.label) lines.push(MSG.detailFooter(detail.trackingCode));
  return lines.filter(Boolean).join('\n');
}

async function act(turn: CadreTurn, ports: ConversationPorts, code: string, action: CadreChatAction, input: Record<string, unknown>): Promise<{ stateLabel: string } | string> {
  try {
    return await ports.cadreAct(turn.staffId, code, action, input);
  } catch (error) {
    if (error instanceof DomainError) return MSG.actionFailed(error.message);
    throw error;
  }
}

const EXAMPLES: Record<CadreCommand, string> = { 待办: '', 详情: '', 受理: '', 转交: ' 不是我负责的村', 结案: ' 无风险' };

/** One cadre message → the replies. Unknown commands get the list of commands. */
export async function handleCadre(turn: CadreTurn, ports: ConversationPorts): Promise<string[]> {
  const parsed = parseCadreCommand(turn.text);
  if (!parsed) return [MSG.cadreCommands];
  const { command, codeToken, rest } = parsed;
  if (command === '待办') return [await queue(turn, ports)];

  if (!codeToken) return [MSG.needCode(command, EXAMPLES[command])];
  const code = parseTrackingCode(codeToken);
  if (!code) return [MSG.badCode];

  switch (command) {
    case '详情': {
      if (turn.inRoom) return [MSG.roomDetail];
      try {
        return [renderDetail(await ports.cadreCaseDetail(turn.staffId, code))];
      } catch (error) {
        if (error instanceof DomainError) return [MSG.actionFailed(error.message)];
        throw error;
      }
    }
    case '受理': {
      const result = await act(turn, ports, code, 'accept', rest ? { note: rest } : {});
      return [typeof result === 'string' ? result : MSG.accepted(code, result.stateLabel)];
    }
    case '转交': {
      if ([...rest].length < 2) return [MSG.needTransferReason];
      const result = await act(turn, ports, code, 'transfer', { reason: rest });
      return [typeof result === 'string' ? result : MSG.transferred(code, result.stateLabel)];
    }
    case '结案': {
      const reason = parseCloseReason(rest);
      if (!reason) return [MSG.closeReasons];
      const input: Record<string, unknown> = { reason: reason.reason };
      if (reason.note) input.note = reason.note;
      const result = await act(turn, ports, code, 'close', input);
      return [typeof result === 'string' ? result : MSG.closed(code, CLOSE_REASONS[reason.reason])];
    }
  }
}
