/**
 * The case procedure, pure: states, the rule table that decides every transition, the clock,
 * the visit form and its arithmetic, the resident's timeline. Everything else asks here.
 */
export * from './states';
export * from './catalogues';
export * from './clock';
export * from './records';
export * from './visit';
export * from './types';
export * from './rules';
export * from './decide';
export * from './timeline';
