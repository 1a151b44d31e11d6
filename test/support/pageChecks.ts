import type { Locator } from 'playwright-core';

/** Reads until the check holds (the page is asynchronous) or 10 s pass; returns the last reading either way. */
export async function eventually<T>(read: () => Promise<T>, check: (value: T) => boolean): Promise<T> {
  const until = Date.now() + 10_000;
  let value = await read();
  while (!check(value) && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 50));
    value = await read();
  }
  return value;
}

/** Expects the locator to come to match exactly n elements. */
export const count = (locator: Locator, n: number) => expect(eventually(() => locator.count(), (c) => c === n)).resolves.toBe(n);

/** Expects the locator's text to come to contain the words. */
export const text = (locator: Locator, words: string) => expect(eventually(async () => (await locator.textContent()) ?? '', (t) => t.includes(words))).resolves.toContain(words);
