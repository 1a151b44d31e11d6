import { config } from '../../config';
import { getMyCase } from '../../services/cases/getMyCase';
import { userMessage } from '../../services/http/apiError';
import { caseTimeline, eventText, TimelineStep } from '../../utils/caseTimeline';
import { formatDate } from '../../utils/formatDate';

interface EventRow {
  label: string;
  date: string;
}

interface CaseDetailData {
  loading: boolean;
  error: string;
  trackingCode: string;
  stateLabel: string;
  next: string;
  hardships: string;
  steps: TimelineStep[];
  events: EventRow[];
  hotline: string;
}

Page({
  data: {
    loading: true,
    error: '',
    trackingCode: '',
    stateLabel: '',
    next: '',
    hardships: '',
    steps: [],
    events: [],
    hotline: config.contacts[0]?.phone ?? '12317',
  } as CaseDetailData,

  caseId: '',

  onLoad(query: Record<string, string | undefined>) {
    this.caseId = query.id ?? '';
    return this.load();
  },

  async load(): Promise<void> {
    this.setData({ loading: true, error: '' });
    try {
      const c = await getMyCase(this.caseId);
      this.setData({
        loading: false,
        trackingCode: c.trackingCode,
        stateLabel: c.stateLabel,
        next: c.next,
        hardships: c.riskTypeLabels.join('、'),
        steps: caseTimeline(c),
        // Newest first: the resident wants to know what happened last.
        events: c.events.map((e) => ({ label: eventText(e), date: formatDate(e.at) })).reverse(),
      });
    } catch (err) {
      this.setData({ loading: false, error: userMessage(err) });
    }
  },

  onCallHotline() {
    wx.makePhoneCall({ phoneNumber: this.data.hotline });
  },
});
