import { randomInt } from 'node:crypto';

/** SB- and eight digits: easy to read out over the phone and to type with digits only. */
export const newTrackingCode = (): string => `SB-${String(randomInt(10_000_000, 100_000_000))}`;
