/** A county's year of work: campaigns, their milestones, the ready templates. */
export * from './campaign';
export * from './templates';
export * from './upcoming';
