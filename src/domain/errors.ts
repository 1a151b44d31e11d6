/**
 * A rule was broken. `code` is stable for clients, `message` is Chinese for people,
 * `status` lets the HTTP edge map it without knowing every rule.
 */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 = 422,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const notFound = (what = '案件') => new DomainError('not_found', `${what}不存在`, 404);
