import type { z } from 'zod';

/** The first thing a domain schema refused, as the step that answers it and the schema's own Chinese words. */
export function firstProblem(error: z.ZodError, stepOf: (path: readonly PropertyKey[]) => string): { step: string; problem: string } {
  const issue = error.issues[0];
  return { step: stepOf(issue.path), problem: issue.message };
}
