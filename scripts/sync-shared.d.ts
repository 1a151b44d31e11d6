/** Types for scripts/sync-shared.js (plain JS so that `npm install` runs it before anything is compiled). */
export declare const SOURCE: string;
export declare const TARGET: string;
export declare function header(name: string): string;
export declare function syncShared(from?: string, to?: string): { written: string[]; removed: string[] };
