import type { Question } from '../domain/questionnaire';
import { MSG } from './messages';
import { parsePicks } from './parseReply';
import type { ConversationPorts, Place, VillageMatch } from './ports';
import { renderQuestion, renderReask } from './questions';
import { fitsOneScreen } from './screenLines';
import type { DeclarationProgress } from './state';

/**
 * Picking the village: type part of its name (one match is taken, several are numbered), or
 * go town → village through numbered pages of 8 with "下一页" — eight, so that a page with the
 * line before it ("没找到…") fits one 关怀模式 screen. Updates `decl.phase`; returns the
 * replies, or the picked village for the caller to record.
 */
export const PAGE_SIZE = 8;
const SEARCH_LIMIT = PAGE_SIZE + 1;

export interface VillageStep {
  replies: string[];
  picked?: { code: string; label: string };
}

const BY_TOWN = /^(按)?乡镇(找|选)?$|^(按)?(苏木|镇|乡)(找|选)$/;
const NEXT_PAGE = /^(下一页|下页|下一|更多|下)$/;
const PREVIOUS_PAGE = /^(上一页|上页|上一|上)$/;

function pageOf<T>(items: readonly T[], page: number): { slice: T[]; page: number; pages: number } {
  const pages = Math.max(1, Math.ceil(items.length / PAGE_SIZE));
  const current = ((page % pages) + pages) % pages;
  return { slice: items.slice(current * PAGE_SIZE, (current + 1) * PAGE_SIZE), page: current, pages };
}

function renderPage(title: string, names: readonly string[], page: number, pages: number): string {
  return [title, ...names.map((name, i) => `${i + 1} ${name}`), MSG.pageFooter(pages > 1 && page < pages - 1)].join('\n');
}

function matchLabel(match: VillageMatch): string {
  return `${match.name}（${match.townName}）`;
}

/** The numbered matches; `more` when there are others not shown. */
function renderMatches(matches: readonly VillageMatch[], more: boolean, prefix: string[] = []): string {
  return [...prefix, MSG.villageMatches, ...matches.map((m, i) => `${i + 1} ${matchLabel(m)}`), ...(more ? [MSG.villageMore] : []), MSG.villageMatchesFooter].join('\n');
}

async function showTowns(decl: DeclarationProgress, ports: ConversationPorts, page: number, prefix: string[] = []): Promise<VillageStep> {
  const towns = await ports.listTowns();
  if (towns.length === 0) {
    decl.phase = { kind: 'question' };
    return { replies: [[...prefix, MSG.noTowns].join('\n')] };
  }
  const view = pageOf(towns, page);
  decl.phase = { kind: 'towns', page: view.page };
  const wrapped = page >= view.pages && view.pages > 1 ? [MSG.lastPage] : [];
  return { replies: [[...prefix, ...wrapped, renderPage(MSG.townsTitle(view.page + 1, view.pages), view.slice.map((t) => t.name), view.page, view.pages)].join('\n')] };
}

async function showVillages(decl: DeclarationProgress, ports: ConversationPorts, town: Place, townPage: number, page: number): Promise<VillageStep> {
  const villages = await ports.listVillages(town.code);
  if (villages.length === 0) return showTowns(decl, ports, townPage, [MSG.noVillages]);
  const view = pageOf(villages, page);
  decl.phase = { kind: 'villages', townCode: town.code, townName: town.name, townPage, page: view.page };
  const wrapped = page >= view.pages && view.pages > 1 ? [MSG.lastPage] : [];
  const body = renderPage(MSG.villagesTitle(town.name, view.page + 1, view.pages), view.slice.map((v) => v.name), view.page, view.pages);
  return { replies: [[...wrapped, body].join('\n')] };
}

async function search(decl: DeclarationProgress, ports: ConversationPorts, question: Question, text: string): Promise<VillageStep> {
  if (parsePicks(text, 1000, true) !== null) {
    decl.phase = { kind: 'question' };
    return { replies: [renderReask(question)] };
  }
  let matches = await ports.searchVillages(text, SEARCH_LIMIT);
  const bare = text.replace(/(村民委员会|村委会|嘎查村|嘎查|村|社区|居委会)$/, '');
  if (matches.length === 0 && bare.length > 0 && bare !== text) matches = await ports.searchVillages(bare, SEARCH_LIMIT);
  if (matches.length === 0) return showTowns(decl, ports, 0, [MSG.villageNotFound(text)]);
  if (matches.length === 1) {
    decl.phase = { kind: 'question' };
    return { replies: [], picked: { code: matches[0].code, label: matches[0].name } };
  }
  // Long names with their town take two lines: as many as fit one screen, with the line a re-ask puts first.
  let shown = matches.slice(0, PAGE_SIZE);
  while (shown.length > 2 && !fitsOneScreen(renderMatches(shown, true, [MSG.pickFromPage]))) shown = shown.slice(0, -1);
  decl.phase = { kind: 'villageMatches', matches: shown };
  return { replies: [renderMatches(shown, matches.length > shown.length)] };
}

/** Handles one reply while the village question is open. `isBack` is true for "0"/"返回". */
export async function villageReply(
  decl: DeclarationProgress,
  question: Question,
  text: string,
  isBack: boolean,
  ports: ConversationPorts,
): Promise<VillageStep & { backOut?: boolean }> {
  const phase = decl.phase;
  if (BY_TOWN.test(text)) return showTowns(decl, ports, 0);

  switch (phase.kind) {
    case 'villageMatches': {
      if (isBack) {
        decl.phase = { kind: 'question' };
        return { replies: [renderQuestion(question)] };
      }
      const pick = parsePicks(text, phase.matches.length, false);
      if (pick) {
        const match = phase.matches[pick[0] - 1];
        decl.phase = { kind: 'question' };
        return { replies: [], picked: { code: match.code, label: match.name } };
      }
      if (parsePicks(text, 1000, true) !== null) {
        return { replies: [renderMatches(phase.matches, false, [MSG.pickFromPage])] };
      }
      return search(decl, ports, question, text);
    }
    case 'towns': {
      if (isBack) {
        decl.phase = { kind: 'question' };
        return { replies: [renderQuestion(question)] };
      }
      if (NEXT_PAGE.test(text)) return showTowns(decl, ports, phase.page + 1);
      if (PREVIOUS_PAGE.test(text)) return showTowns(decl, ports, Math.max(0, phase.page - 1));
      const towns = await ports.listTowns();
      const view = pageOf(towns, phase.page);
      const pick = parsePicks(text, view.slice.length, false);
      if (pick) return showVillages(decl, ports, view.slice[pick[0] - 1], view.page, 0);
      if (parsePicks(text, 1000, true) !== null) return showTowns(decl, ports, phase.page, [MSG.pickFromPage]);
      return search(decl, ports, question, text);
    }
    case 'villages': {
      const town = { code: phase.townCode, name: phase.townName };
      if (isBack) return showTowns(decl, ports, phase.townPage);
      if (NEXT_PAGE.test(text)) return showVillages(decl, ports, town, phase.townPage, phase.page + 1);
      if (PREVIOUS_PAGE.test(text)) return showVillages(decl, ports, town, phase.townPage, Math.max(0, phase.page - 1));
      const villages = await ports.listVillages(phase.townCode);
      const view = pageOf(villages, phase.page);
      const pick = parsePicks(text, view.slice.length, false);
      if (pick) {
        const village = view.slice[pick[0] - 1];
        decl.phase = { kind: 'question' };
        return { replies: [], picked: { code: village.code, label: village.name } };
      }
      if (parsePicks(text, 1000, true) !== null) {
        const again = await showVillages(decl, ports, town, phase.townPage, phase.page);
        return { replies: [`${MSG.pickFromPage}\n${again.replies.join('\n')}`] };
      }
      return search(decl, ports, question, text);
    }
    default:
      if (isBack) return { replies: [], backOut: true };
      return search(decl, ports, question, text);
  }
}
