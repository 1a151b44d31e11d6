/** Cases as GET /api/me/cases returns them (event labels are the server's eventLabel()). Times are midday in China so the date reads the same in any zone. */
export const INVESTIGATING_CASE = {
  id: 41,
  trackingCode: 'SB-2026-0041',
  state: 'investigating',
  stateLabel: '村干部已受理',
  next: '村干部会两人一起到您家了解情况，请准备好户口本和身份证。',
  createdAt: '2026-03-02T04:00:00Z',
  riskTypes: ['illness', 'housing'],
  riskTypeLabels: ['因病', '因安全住房'],
  events: [
    { action: 'declare', label: '提交申报', at: '2026-03-02T04:00:00Z' },
    { action: 'assign', label: '分派', at: '2026-03-02T05:00:00Z' },
    { action: 'accept', label: '受理', at: '2026-03-03T04:00:00Z' },
  ],
};

export const CLOSED_CASE = {
  id: 12,
  trackingCode: 'SB-2025-0012',
  state: 'closed',
  stateLabel: '已办结',
  next: '这件申报已经办结；以后有新困难可以再申报。',
  createdAt: '2025-10-08T04:00:00Z',
  riskTypes: ['disaster'],
  riskTypeLabels: ['因自然灾害'],
  events: [
    { action: 'declare', label: '提交申报', at: '2025-10-08T04:00:00Z' },
    { action: 'accept', label: '受理', at: '2025-10-09T04:00:00Z' },
    { action: 'close', label: '结案', at: '2025-10-15T04:00:00Z' },
  ],
};
