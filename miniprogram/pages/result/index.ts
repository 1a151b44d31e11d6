import { config } from '../../config';
import { recordSubscriptions } from '../../services/subscriptions/recordSubscriptions';
import { formatTrackingCode } from '../../shared/trackingCode';
import { pageStyle } from '../../utils/fontScale';

/** 'ask' until the resident answers the notification question; 'off' when none are configured. */
type SubscribeState = 'ask' | 'accepted' | 'declined' | 'off';

interface ResultData {
  pageStyle: string;
  caseId: string;
  trackingCode: string;
  /** Kept on the household's open case (同户再次申报): only the server's plain words, no number, no steps. */
  reported: boolean;
  message: string;
  urgent: boolean;
  nextSteps: string[];
  subscribe: SubscribeState;
}

/** What happens after submitting, in the order the resident will live it. */
function nextSteps(assignee: string, urgent: boolean): string[] {
  const steps = [
    assignee
      ? `您的申报已交给村干部${assignee}，一般第二天就会和您联系（赶上周末、放假就往后推几天）。`
      : '乡镇正在安排负责您村的村干部，安排好后会联系您。',
    '村干部会到您家了解情况，请准备好户口本和身份证。',
    '办理进度可以随时在首页的“我的申报”里看。',
  ];
  if (urgent) steps.unshift('您家的情况比较急，已经优先处理。');
  return steps;
}

Page({
  data: {
    pageStyle: '',
    caseId: '',
    trackingCode: '',
    reported: false,
    message: '',
    urgent: false,
    nextSteps: [],
    subscribe: 'ask',
  } as ResultData,

  onLoad(query: Record<string, string | undefined>) {
    const urgent = query.urgent === '1';
    const assignee = decodeURIComponent(query.assignee ?? '');
    this.setData({
      pageStyle: pageStyle(),
      caseId: query.id ?? '',
      trackingCode: formatTrackingCode(decodeURIComponent(query.trackingCode ?? '')),
      urgent,
      nextSteps: nextSteps(assignee, urgent),
      subscribe: config.subscribeTemplateIds.length ? 'ask' : 'off',
    });
    // Nothing about the open case may show: no number, no next steps, no notices to ask for.
    if (query.reported === '1') this.setData({ reported: true, message: decodeURIComponent(query.message ?? ''), trackingCode: '', nextSteps: [], subscribe: 'off' });
  },

  /**
   * wx.requestSubscribeMessage only works inside a tap, hence a button rather than a prompt on
   * load. Whatever the resident decides is reported, so the server knows how many messages it may send.
   */
  onSubscribe() {
    const templateIds = config.subscribeTemplateIds;
    wx.requestSubscribeMessage({
      tmplIds: templateIds,
      success: (res: WechatMiniprogram.IAnyObject) => {
        const accepted = templateIds.filter((id) => res[id] === 'accept');
        this.setData({ subscribe: accepted.length ? 'accepted' : 'declined' });
        // Best effort: the declaration is already in, and progress still shows in 我的申报.
        recordSubscriptions(templateIds, accepted).catch(() => undefined);
      },
      fail: () => this.setData({ subscribe: 'declined' }),
    });
  },

  onSkipSubscribe() {
    this.setData({ subscribe: 'declined' });
  },

  onViewCase() {
    const id = this.data.caseId;
    wx.redirectTo({ url: id ? `/pages/case-detail/index?id=${id}` : '/pages/cases/index' });
  },

  onGoHome() {
    wx.reLaunch({ url: '/pages/home/index' });
  },
});
