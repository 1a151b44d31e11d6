import { campaignTemplate, upcomingMilestones } from '../../../src/domain/campaigns';

describe('the milestones still ahead', () => {
  const autumn = campaignTemplate('autumn', 2026);

  it('lists from today on, nearest first, with calendar days left', () => {
    const ahead = upcomingMilestones([autumn], '2026-11-30', null);
    expect(ahead[0]).toMatchObject({ date: '2026-11-30', daysLeft: 0 });
    expect(ahead.map((m) => m.date)).toEqual([...ahead.map((m) => m.date)].sort());
    expect(ahead.every((m) => m.date >= '2026-11-30')).toBe(true);
    // The analysis is due in the new year: 36 days after 11-30.
    expect(ahead.find((m) => m.date === '2027-01-05')?.daysLeft).toBe(36);
    expect(upcomingMilestones([autumn], '2027-01-06', null)).toEqual([]);
  });

  it('carries what a milestone counts', () => {
    const collection = upcomingMilestones([autumn], '2026-11-01', null).find((m) => m.measure);
    expect(collection?.measure?.words).toBe('未核查');
    expect(collection?.measure?.states).toContain('investigating');
  });

  it('leaves out a milestone scoped to other towns, except for the whole county', () => {
    const scoped = { ...autumn, milestones: [{ key: 'extra', name: '索伦镇补录', date: '2026-12-10', towns: ['152221101'] }] };
    expect(upcomingMilestones([scoped], '2026-12-01', '152221102')).toEqual([]);
    expect(upcomingMilestones([scoped], '2026-12-01', '152221101')).toHaveLength(1);
    expect(upcomingMilestones([scoped], '2026-12-01', null)).toHaveLength(1);
  });

  it('keeps to the limit', () => {
    expect(upcomingMilestones([autumn], '2026-01-01', null, 3)).toHaveLength(3);
  });
});
