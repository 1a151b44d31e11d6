import { userMessage } from '../../services/http/apiError';
import { submitDeclaration } from '../../services/declarations/submitDeclaration';
import { fetchQuestionnaire } from '../../services/questionnaire/fetchQuestionnaire';
import { DeclareFlow, SummaryRow } from '../../utils/declareFlow';
import { clearDraft, loadDraft, saveDraft } from '../../utils/draft';
import type { AnswerKind, Question } from '../../shared/questionnaireWalker';
import { validateAnswer } from '../../utils/validateAnswer';
import { pageStyle } from '../../utils/fontScale';
import { forgetLaunchVillage, launchVillage, rememberLaunchVillage } from '../../utils/launchVillage';
import { listRegions } from '../../services/regions/listRegions';
import { phoneFromCode } from '../../services/auth/phoneFromCode';

type Phase = 'loading' | 'failed' | 'question' | 'summary' | 'submitting' | 'ended';

interface OptionView {
  value: string;
  label: string;
  number: number;
  selected: boolean;
}

interface DeclareData {
  pageStyle: string;
  phase: Phase;
  loadError: string;
  intro: string;
  /** The question in its tap wording: no digits to type, no separators to use. */
  question: { id: string; kind: AnswerKind; text: string; note: string; label: string } | null;
  options: OptionView[];
  inputValue: string;
  inputType: string;
  maxlength: number;
  placeholder: string;
  proxyName: string;
  proxyRelation: string;
  /** The question already has an answer (coming back to it): show 下一步 to keep it. */
  answered: boolean;
  /** First question: show the questionnaire's intro, and "back" leaves the page. */
  isFirst: boolean;
  hint: string;
  progressPercent: number;
  progressText: string;
  /** For the village picker: the county whose towns it lists, and the village already picked. */
  countyCode: string;
  villageName: string;
  summary: SummaryRow[];
  submitError: string;
  /** For the call-back button: what was answered so far, so it is not asked again. */
  callbackVillage: string;
  callbackPhone: string;
  /** Said under the phone-number button once it filled the box. */
  phoneNote: string;
}

/** How each typed answer is entered: keyboard, length cap, example in the empty box. */
const INPUTS: Partial<Record<AnswerKind, { type: string; maxlength: number; placeholder: string }>> = {
  text: { type: 'text', maxlength: 200, placeholder: '请在这里写' },
  phone: { type: 'number', maxlength: 11, placeholder: '例如：13912345678' },
  idNumber: { type: 'idcard', maxlength: 18, placeholder: '18位，最后一位可能是X' },
  integer: { type: 'number', maxlength: 3, placeholder: '填数字' },
  amount: { type: 'digit', maxlength: 12, placeholder: '大概数就行，单位是元' },
};

const INITIAL: DeclareData = {
  pageStyle: '',
  phase: 'loading',
  loadError: '',
  intro: '',
  question: null,
  options: [],
  inputValue: '',
  inputType: 'text',
  maxlength: 200,
  placeholder: '',
  proxyName: '',
  proxyRelation: '',
  answered: false,
  isFirst: false,
  hint: '',
  progressPercent: 0,
  progressText: '',
  countyCode: '',
  villageName: '',
  summary: [],
  submitError: '',
  callbackVillage: '',
  callbackPhone: '',
  phoneNote: '',
};

/** What goes back into the input box when a typed question is shown again. */
function typedText(q: Question, answer: unknown): string {
  if (answer === undefined || q.kind === 'choice' || q.kind === 'multi' || q.kind === 'village') return '';
  return String(answer);
}

Page({
  data: { ...INITIAL } as DeclareData,

  /** The questionnaire walk; null until the definition has loaded. */
  flow: null as DeclareFlow | null,
  mode: 'self' as 'self' | 'family',
  submitting: false,

  onLoad(query: Record<string, string | undefined>): Promise<void> {
    this.mode = query.mode === 'family' ? 'family' : 'self';
    rememberLaunchVillage(query);
    this.setData({ pageStyle: pageStyle() });
    return this.loadDefinition();
  },

  async loadDefinition(): Promise<void> {
    this.setData({ phase: 'loading', loadError: '' });
    try {
      const def = await fetchQuestionnaire();
      this.flow = DeclareFlow.start(def, loadDraft(), this.mode);
      await this.fillLaunchVillage(this.flow);
      this.setData({ intro: def.intro, countyCode: def.county?.code ?? '' });
      this.show();
    } catch (err) {
      this.setData({ phase: 'failed', loadError: userMessage(err) });
    }
  },

  /**
   * The village of the QR code the resident scanned, as the answer to the village question (it
   * still comes up, with 下一步 to keep it or a tap to change it). A village that is not in this
   * county's list is ignored: the code was printed for another deployment.
   */
  async fillLaunchVillage(flow: DeclareFlow): Promise<void> {
    const code = launchVillage();
    const question = flow.def.questions.find((q) => q.kind === 'village');
    if (!code || !question || flow.answers[question.id] !== undefined) return;
    try {
      const village = (await listRegions(code.slice(0, 9))).find((v) => v.code === code);
      if (!village) return forgetLaunchVillage();
      flow.answers[question.id] = code;
      flow.villageName = village.name;
    } catch {
      // The picker still works: the resident picks the village by hand.
    }
  },

  onRetry(): Promise<void> {
    return this.loadDefinition();
  },

  /**
   * Saves the draft after each move, so a closed app comes back to this screen. Only moves save:
   * opening the page and leaving at once leaves no "unfinished declaration" behind.
   */
  moveOn(): void {
    if (this.flow) saveDraft(this.flow.toDraft());
    this.show();
  },

  /** Puts the flow's current screen on the page. */
  show(): void {
    const flow = this.flow;
    if (!flow) return;
    const { index, total } = flow.position();
    const answered = (id: string) => (typeof flow.answers[id] === 'string' ? String(flow.answers[id]) : '');
    const progress = {
      callbackVillage: answered('village'),
      callbackPhone: answered('proxyPhone') || answered('phone'),
      progressPercent: total ? Math.round((index / total) * 100) : 0,
      progressText: flow.current() ? `第 ${index} 题，共 ${total} 题` : '最后一步：核对',
      hint: '',
      phoneNote: '',
    };
    const q = flow.current();
    if (!q) {
      this.setData({ ...progress, phase: 'summary', question: null, summary: flow.summaryRows(), submitError: '' });
      return;
    }
    const answer = flow.answers[q.id];
    const chosen = ([] as unknown[]).concat(answer ?? []).map(String);
    const [proxyName = '', proxyRelation = ''] = q.kind === 'nameRelation' && answer !== undefined ? String(answer).split('|') : [];
    const input = INPUTS[q.kind] ?? INPUTS.text!;
    this.setData({
      ...progress,
      phase: 'question',
      question: { id: q.id, kind: q.kind, text: q.tap.text, note: q.tap.note ?? '', label: q.label },
      options: (q.options ?? []).map((o, i) => ({ value: o.value, label: o.label, number: i + 1, selected: chosen.includes(o.value) })),
      inputValue: typedText(q, answer),
      inputType: input.type,
      maxlength: q.kind === 'text' && q.max ? q.max : input.maxlength,
      placeholder: input.placeholder,
      proxyName,
      proxyRelation,
      answered: answer !== undefined,
      isFirst: flow.isFirst(),
      villageName: flow.villageName,
    });
  },

  /** Validates what is on screen; a bad answer shows a hint and nothing is kept or sent. */
  submitAnswer(raw: string | string[], villageName?: string): void {
    const flow = this.flow;
    const q = flow?.current();
    if (!flow || !q) return;
    const result = validateAnswer(q, raw);
    if (!result.ok) {
      this.setData({ hint: result.hint });
      return;
    }
    if (flow.answer(result.value, villageName) === 'ended') {
      clearDraft();
      this.setData({ phase: 'ended' });
      return;
    }
    this.moveOn();
  },

  onPickOption(e: WechatMiniprogram.TouchEvent): void {
    this.submitAnswer(String(e.currentTarget.dataset.value));
  },

  onToggleOption(e: WechatMiniprogram.TouchEvent): void {
    const value = String(e.currentTarget.dataset.value);
    const options = this.data.options.map((o) => (o.value === value ? { ...o, selected: !o.selected } : o));
    this.setData({ options, hint: '' });
  },

  onInput(e: WechatMiniprogram.Input): void {
    this.setData({ inputValue: e.detail.value, hint: '' });
  },

  /** The phone-number button: a refusal (no code) leaves the box for typing, as before. */
  async onWeChatPhone(e: WechatMiniprogram.CustomEvent<{ code?: string; errMsg?: string }>): Promise<void> {
    const code = e.detail.code;
    if (!code) return void this.setData({ phoneNote: '没有用微信里的手机号，请在下面的框里写。' });
    try {
      const phone = await phoneFromCode(code);
      this.setData({ inputValue: phone, hint: '', phoneNote: '已经填上微信里的手机号，没问题就点“下一步”。' });
    } catch (err) {
      this.setData({ hint: userMessage(err), phoneNote: '' });
    }
  },

  onProxyNameInput(e: WechatMiniprogram.Input): void {
    this.setData({ proxyName: e.detail.value.replace(/\|/g, ''), hint: '' });
  },

  onProxyRelationInput(e: WechatMiniprogram.Input): void {
    this.setData({ proxyRelation: e.detail.value.replace(/\|/g, ''), hint: '' });
  },

  /** 下一步: reads the answer the way this kind of question is entered. */
  onNext(): void {
    const q = this.data.question;
    const flow = this.flow;
    if (!q || !flow) return;
    switch (q.kind) {
      case 'choice':
        return this.submitAnswer(this.data.options.find((o) => o.selected)?.value ?? '');
      case 'multi':
        return this.submitAnswer(this.data.options.filter((o) => o.selected).map((o) => o.value));
      case 'nameRelation':
        return this.submitAnswer(`${this.data.proxyName}|${this.data.proxyRelation}`);
      case 'village':
        return this.submitAnswer(String(flow.answers[q.id] ?? ''));
      default:
        return this.submitAnswer(this.data.inputValue);
    }
  },

  onBack(): void {
    if (this.flow?.back()) {
      this.moveOn();
      return;
    }
    wx.navigateBack({ fail: () => wx.reLaunch({ url: '/pages/home/index' }) });
  },

  /** From the village picker: the 12-digit code is the answer, the name is for the summary. */
  onVillagePicked(e: WechatMiniprogram.CustomEvent<{ code: string; name: string }>): void {
    this.submitAnswer(e.detail.code, e.detail.name);
  },

  onEdit(e: WechatMiniprogram.TouchEvent): void {
    this.flow?.edit(String(e.currentTarget.dataset.id));
    this.moveOn();
  },

  async onSubmit(): Promise<void> {
    const flow = this.flow;
    if (!flow || this.submitting) return;
    this.submitting = true;
    this.setData({ phase: 'submitting', submitError: '' });
    try {
      const result = await submitDeclaration(flow.payload());
      clearDraft();
      forgetLaunchVillage();
      if (result.outcome === 'reported') {
        wx.redirectTo({ url: `/pages/result/index?reported=1&message=${encodeURIComponent(result.message)}` });
        return;
      }
      const query = [
        `id=${result.id}`,
        `trackingCode=${encodeURIComponent(result.trackingCode)}`,
        `urgent=${result.urgency === 'urgent' ? 1 : 0}`,
        `assignee=${encodeURIComponent(result.assignee?.name ?? '')}`,
      ].join('&');
      wx.redirectTo({ url: `/pages/result/index?${query}` });
    } catch (err) {
      this.setData({ phase: 'summary', submitError: userMessage(err) });
    } finally {
      this.submitting = false;
    }
  },

  onGoHome(): void {
    wx.reLaunch({ url: '/pages/home/index' });
  },
});
