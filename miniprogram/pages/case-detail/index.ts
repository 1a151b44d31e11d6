import { config } from '../../config';
import { answerConfirmation, ConfirmationAnswer } from '../../services/cases/answerConfirmation';
import { getMyCase } from '../../services/cases/getMyCase';
import type { ResidentCase, TimelineStep } from '../../services/cases/types';
import { ApiError, userMessage } from '../../services/http/apiError';
import { formatDate, formatDay } from '../../utils/formatDate';
import { pageStyle } from '../../utils/fontScale';
import { formatTrackingCode } from '../../shared/trackingCode';

interface EventRow {
  text: string;
  date: string;
}

interface HelpRow {
  what: string;
  date: string;
}

/** 'ask': the summary and the two answers; 'object': the box for the household's own words. */
type AnswerMode = 'ask' | 'object';

interface CaseDetailData {
  pageStyle: string;
  loading: boolean;
  error: string;
  trackingCode: string;
  stateLabel: string;
  next: string;
  hardships: string;
  steps: TimelineStep[];
  events: EventRow[];
  helpFirst: HelpRow[];
  /** The visit summary while it waits for this household; empty when nothing is asked of them. */
  summary: string[];
  pending: boolean;
  mode: AnswerMode;
  words: string;
  maxWords: number;
  answerError: string;
  submitting: boolean;
  /** What just happened, shown above everything: a thank-you, or that the case changed under them. */
  notice: string;
  noticeKind: 'done' | 'changed' | '';
  hotline: string;
}

/** Same bounds as the server's rule for an objection's words (2–300), so a short answer is caught before it is sent. */
const MIN_WORDS = 2;
const MAX_WORDS = 300;

const NOTICE_CONFIRMED = '已经确认，谢谢您。';
const NOTICE_OBJECTED = '您的意见已经交给村干部，村干部会再和您核实。';
/** For any 409: the server's own words ("案件已被他人更新，请刷新") are meant for staff, and the page has already refreshed. */
const NOTICE_CHANGED = '这件申报刚刚有了新变化，下面已经是最新的情况，请再看一下。';
const WORDS_TOO_SHORT = '请写上哪里不对，至少写两个字。';

Page({
  data: {
    pageStyle: '',
    loading: true,
    error: '',
    trackingCode: '',
    stateLabel: '',
    next: '',
    hardships: '',
    steps: [],
    events: [],
    helpFirst: [],
    summary: [],
    pending: false,
    mode: 'ask',
    words: '',
    maxWords: MAX_WORDS,
    answerError: '',
    submitting: false,
    notice: '',
    noticeKind: '',
    hotline: config.contacts[0]?.phone ?? '12317',
  } as CaseDetailData,

  caseId: '',
  /** The version the resident is looking at; an answer carries it so the server can refuse a stale one. */
  version: 0,

  onLoad(query: Record<string, string | undefined>) {
    this.caseId = query.id ?? '';
    this.setData({ pageStyle: pageStyle() });
    return this.load();
  },

  /** Fetches the case again; `notice` survives so "it changed, look again" stays on screen after the reload. */
  async load(): Promise<boolean> {
    this.setData({ loading: true, error: '' });
    try {
      this.show(await getMyCase(this.caseId));
      return true;
    } catch (err) {
      this.setData({ loading: false, error: userMessage(err) });
      return false;
    }
  },

  /** Everything on screen comes from the server's view; the page only picks dates to print. */
  show(c: ResidentCase) {
    this.version = c.version;
    const pending = c.confirmation !== null;
    this.setData({
      loading: false,
      trackingCode: formatTrackingCode(c.trackingCode),
      stateLabel: c.stateLabel,
      next: c.next,
      hardships: c.riskTypeLabels.join('、'),
      steps: c.timeline.steps,
      // Newest first: the resident wants to know what happened last.
      events: c.timeline.events.map((e) => ({ text: e.text, date: formatDate(e.at) })).reverse(),
      helpFirst: c.helpFirst.map((h) => ({ what: h.what, date: formatDay(h.givenOn) })),
      summary: c.confirmation?.summary ?? [],
      pending,
      // A new summary is read before anything else; the words typed so far are kept for a second try.
      mode: 'ask',
      answerError: '',
      submitting: false,
    });
  },

  onConfirm() {
    return this.answer({ decision: 'confirm' });
  },

  onStartObjection() {
    this.setData({ mode: 'object', answerError: '', notice: '', noticeKind: '' });
  },

  onCancelObjection() {
    this.setData({ mode: 'ask', answerError: '' });
  },

  onWordsInput(e: WechatMiniprogram.Input) {
    this.setData({ words: e.detail.value, answerError: '' });
  },

  onSendObjection() {
    const words = this.data.words.trim();
    if (words.length < MIN_WORDS) {
      this.setData({ answerError: WORDS_TOO_SHORT });
      return Promise.resolve();
    }
    return this.answer({ decision: 'object', words });
  },

  async answer(answer: ConfirmationAnswer): Promise<void> {
    // A second tap while the first answer is on its way must not send it twice.
    if (this.data.submitting) return;
    this.setData({ submitting: true, answerError: '', notice: '', noticeKind: '' });
    try {
      // The reply is the case as it is now: shown as it is, with no second request that could fail.
      this.show(await answerConfirmation(this.caseId, this.version, answer));
      this.setData({ words: '', notice: answer.decision === 'confirm' ? NOTICE_CONFIRMED : NOTICE_OBJECTED, noticeKind: 'done' });
      this.toTop();
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) {
        // Someone (the cadre, or the resident on another phone) changed the case: show what it is now.
        this.setData({ notice: NOTICE_CHANGED, noticeKind: 'changed' });
        await this.load();
        this.toTop();
        return;
      }
      this.setData({ submitting: false, answerError: userMessage(err) });
    }
  },

  /** The notice sits at the top; the resident tapped at the bottom. */
  toTop() {
    wx.pageScrollTo({ scrollTop: 0, duration: 200 });
  },

  onCallHotline() {
    wx.makePhoneCall({ phoneNumber: this.data.hotline });
  },
});
