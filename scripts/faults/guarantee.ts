import type { FaultDatabase } from './database';

/** One fault and what must hold through it. `run` returns the evidence, or throws saying what did not hold. */
export interface Guarantee {
  name: string;
  /** What the guarantee says, one line (printed by --list). */
  claim: string;
  /** 'single' or 'galera' when it only makes sense on one kind of database. */
  only?: FaultDatabase['kind'];
  run(db: FaultDatabase, log: (line: string) => void): Promise<string>;
}

/** A guarantee that did not hold: the runner prints `FAIL <name>: <message>`. */
export class Broken extends Error {}

export function expect(condition: unknown, why: string): asserts condition {
  if (!condition) throw new Broken(why);
}

/** Seconds with one decimal: "3.2 s". */
export const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
