import { randomInt } from 'node:crypto';

/**
 * Eight random digits (shown "2316 6026"): read aloud and typed with digits only, and not
 * sequential, so a code says nothing about how many cases a county has. Uniqueness is the
 * unique index uq_cases_tracking; fileCase draws again on a collision.
 */
export const newTrackingCode = (): string => String(randomInt(10_000_000, 100_000_000));
