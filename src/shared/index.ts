/**
 * src/shared — the rules the server and the mini-program both apply, written once.
 *
 * Why: a resident who declares in the mini-program must meet exactly the checks the server
 * (and the chat bot) applies — the same ID-number check and wording, the same phone rule, the
 * same reading of "1万2", the same questionnaire branching and payload. WeChat DevTools only
 * sees the miniprogram/ folder and cannot use npm packages without an npm build, so these files
 * are copied, unchanged but for a one-line header, into miniprogram/shared/ (git-ignored) by
 * scripts/sync-shared.js, which `npm install` (prepare), `npm test` and `npm run mp:build` run.
 *
 * The rule for every file here:
 *   - import nothing from outside this folder (no npm packages, no src/…, no Node APIs, no wx);
 *   - ES2020 syntax and library only (the mini-program's tsconfig targets ES2020): no numeric
 *     separators, no `??=`, no `replaceAll`, no `Array.prototype.at`;
 *   - pure functions and types; time is an argument where it matters.
 * Edit here, never in miniprogram/shared/.
 */
export * from './idNumber';
export * from './phone';
export * from './numbers';
export * from './questionnaireWalker';
export * from './textRules';
export * from './trackingCode';
