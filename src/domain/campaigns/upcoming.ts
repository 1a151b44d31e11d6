import type { CaseState } from '../workflow/states';
import { MILESTONE_MEASURES, type Campaign, type Milestone } from './campaign';

export interface UpcomingMilestone {
  campaign: string;
  key: string;
  name: string;
  from: string | null;
  date: string;
  /** Calendar days from today to the milestone's date: 0 is today. */
  daysLeft: number;
  /** The towns it applies to; null: the whole county. */
  towns: readonly string[] | null;
  /** What the milestone counts, if anything: its words and the states counted. */
  measure: { words: string; states: readonly CaseState[] } | null;
}

const DAY_MS = 86_400_000;
const daysFrom = (today: string, date: string) => Math.round((Date.parse(`${date}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / DAY_MS);

/**
 * The milestones still ahead (today included) of the campaigns given, for the people of one town
 * (null: the whole county), nearest first. A milestone scoped to other towns is not theirs.
 */
export function upcomingMilestones(campaigns: readonly Campaign[], today: string, town: string | null, limit = 6): UpcomingMilestone[] {
  const applies = (m: Milestone) => !m.towns || town === null || m.towns.includes(town);
  return campaigns
    .flatMap((c) => c.milestones.filter((m) => m.date >= today && applies(m)).map((m) => ({ c, m })))
    .sort((a, b) => (a.m.date < b.m.date ? -1 : a.m.date > b.m.date ? 1 : 0))
    .slice(0, limit)
    .map(({ c, m }) => ({
      campaign: c.name,
      key: m.key,
      name: m.name,
      from: m.from ?? null,
      date: m.date,
      daysLeft: daysFrom(today, m.date),
      towns: m.towns ?? null,
      measure: m.measure ? MILESTONE_MEASURES[m.measure] : null,
    }));
}
