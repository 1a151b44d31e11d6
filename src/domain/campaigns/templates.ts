import type { Campaign, CampaignKind, Milestone } from './campaign';
import { CAMPAIGN_KINDS } from './campaign';

/**
 * Ready campaigns from the seed work plans, for any year: the autumn round (Xing'an League
 * 2023 信息动态管理) and the spring round (Gengma 2023 集中排查). A county edits the dates and
 * towns after starting from one.
 */
type Template = (year: number) => Milestone[];

const TEMPLATES: Record<CampaignKind, Template> = {
  autumn: (y) => [
    { key: 'plan', name: '制定工作方案', date: `${y}-10-21` },
    { key: 'training', name: '业务培训', date: `${y}-10-31` },
    { key: 'collection', name: '信息采集', date: `${y}-11-30`, measure: 'not_visited' },
    { key: 'entry', name: '数据录入', from: `${y}-10-20`, date: `${y}-12-21`, measure: 'not_reviewed' },
    { key: 'cleansing', name: '数据清洗', from: `${y}-12-22`, date: `${y}-12-31`, measure: 'open' },
    { key: 'summary', name: '报送工作总结', date: `${y}-12-31` },
    { key: 'analysis', name: '报送数据分析报告', date: `${y + 1}-01-05` },
  ],
  spring: (y) => [
    { key: 'plan', name: '制定排查方案', date: `${y}-05-08` },
    { key: 'training', name: '动员部署和培训', date: `${y}-05-10` },
    { key: 'identification', name: '新增识别按程序完成', date: `${y}-05-30`, measure: 'open' },
    { key: 'entry', name: '数据录入', date: `${y}-06-15`, measure: 'open' },
    { key: 'summary', name: '上报工作总结', date: `${y}-06-20` },
  ],
};

export function campaignTemplate(kind: CampaignKind, year: number): Campaign {
  return { year, kind, name: `${year}年度${CAMPAIGN_KINDS[kind]}`, milestones: TEMPLATES[kind](year) };
}
