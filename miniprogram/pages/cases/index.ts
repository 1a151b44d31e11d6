import { listMyCases } from '../../services/cases/listMyCases';
import { userMessage } from '../../services/http/apiError';
import { formatDate } from '../../utils/formatDate';
import { pageStyle } from '../../utils/fontScale';
import { formatTrackingCode } from '../../shared/trackingCode';

interface CaseRow {
  id: number;
  trackingCode: string;
  stateLabel: string;
  next: string;
  date: string;
  hardships: string;
  /** The visit waits for this household's confirmation: the one thing on this list they must act on. */
  awaitingMe: boolean;
}

interface CasesData {
  pageStyle: string;
  loading: boolean;
  error: string;
  cases: CaseRow[];
}

Page({
  data: { pageStyle: '', loading: true, error: '', cases: [] } as CasesData,

  onLoad() {
    this.setData({ pageStyle: pageStyle() });
  },

  onShow() {
    return this.load();
  },

  async onPullDownRefresh(): Promise<void> {
    await this.load();
    wx.stopPullDownRefresh();
  },

  async load(): Promise<void> {
    this.setData({ loading: true, error: '' });
    try {
      const items = await listMyCases();
      this.setData({
        loading: false,
        cases: items.map((c) => ({
          id: c.id,
          trackingCode: formatTrackingCode(c.trackingCode),
          stateLabel: c.stateLabel,
          next: c.next,
          date: formatDate(c.createdAt),
          hardships: c.riskTypeLabels.join('、'),
          awaitingMe: c.confirmation !== null,
        })),
      });
    } catch (err) {
      this.setData({ loading: false, error: userMessage(err) });
    }
  },

  onOpen(e: WechatMiniprogram.TouchEvent) {
    wx.navigateTo({ url: `/pages/case-detail/index?id=${e.currentTarget.dataset.id}` });
  },

  onDeclare() {
    wx.redirectTo({ url: '/pages/declare/index' });
  },
});
