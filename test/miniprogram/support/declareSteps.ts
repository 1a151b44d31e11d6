import { settle, tap, type, Node } from './simulate';
import { TOWN, VILLAGE } from './fixtures';

/** The question id on screen, or the phase when no question is shown. */
export function onScreen(page: Node): string {
  return page.data.phase === 'question' ? page.data.question.id : page.data.phase;
}

export async function choose(page: Node, value: string): Promise<void> {
  await tap(page, `#option-${value}`);
}

export async function fill(page: Node, value: string): Promise<void> {
  await type(page, '#answer-input', value);
  await tap(page, '#next');
}

export async function chooseMany(page: Node, values: string[]): Promise<void> {
  for (const value of values) await tap(page, `#option-${value}`);
  await tap(page, '#next');
}

/** The village picker component on screen (its nodes live in its own tree). */
export function villagePicker(page: Node): Node {
  const picker = page.querySelector('#village-picker');
  if (!picker) throw new Error(`no village picker on screen (at ${onScreen(page)})`);
  return picker;
}

/** Town → village, the way a resident who cannot spell the village name picks it. */
export async function pickVillageByTown(page: Node): Promise<void> {
  await tap(villagePicker(page), `#town-${TOWN.code}`);
  await tap(villagePicker(page), `#village-${VILLAGE.code}`);
}

/** Everything up to the summary for a one-hardship declaration for oneself. */
export async function answerSelfDeclaration(page: Node, id: string): Promise<void> {
  await choose(page, '1');
  await pickVillageByTown(page);
  await fill(page, '巴特尔');
  await fill(page, id);
  await fill(page, '13912345678');
  await fill(page, '4');
  await chooseMany(page, ['illness']);
  await fill(page, '1万2');
  await choose(page, '2');
  await settle();
}
