/** Reminder rules, their dates and their words, pure: the scheduler (src/jobs) asks here. */
export * from './ladder';
export * from './fireTime';
export * from './quietHours';
export * from './messages';
