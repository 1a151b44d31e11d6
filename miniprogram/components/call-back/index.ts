import { ApiError, userMessage } from '../../services/http/apiError';
import { callbackContact } from '../../services/callbacks/callbackContact';
import { requestCallback } from '../../services/callbacks/requestCallback';
import type { CallbackRequest } from '../../services/callbacks/types';
import { fetchQuestionnaire } from '../../services/questionnaire/fetchQuestionnaire';
import { formatTrackingCode } from '../../shared/trackingCode';
import { parsePhone, phoneProblem, normalizePhone } from '../../shared/phone';

/** 'ask': the server knows no number or village yet, so the resident gives them here, once. */
type CallbackState = 'idle' | 'sending' | 'ask' | 'done';

/**
 * "请村干部给我回电话" on every screen: a human at the moment of need, in one tap. The server
 * files it like a declaration (the village's cadre, else the township) with the number and
 * village the household already gave; only when it knows neither does this ask for them. The
 * village's office phone is shown when the county entered one.
 */
Component({
  properties: {
    /** The village picked so far on the declare page, if any. */
    villageCode: { type: String, value: '' },
    /** The phone typed so far on the declare page, if any. */
    phone: { type: String, value: '' },
  },

  data: {
    state: 'idle' as CallbackState,
    officePhone: '',
    done: '',
    error: '',
    typedPhone: '',
    pickedVillage: '',
    pickedName: '',
    countyCode: '',
  },

  lifetimes: {
    attached() {
      // Best effort: without it the button still works, only the office phone is missing.
      callbackContact(this.data.villageCode)
        .then((contact) => this.setData({ officePhone: contact.officePhone ?? '' }))
        .catch(() => undefined);
    },
  },

  methods: {
    onRequest(): Promise<void> {
      const request: CallbackRequest = {};
      if (this.data.villageCode) request.villageCode = this.data.villageCode;
      const phone = parsePhone(this.data.phone);
      if (phone) request.phone = phone;
      return this.send(request);
    },

    async send(request: CallbackRequest): Promise<void> {
      if (this.data.state === 'sending') return;
      const before = this.data.state;
      this.setData({ state: 'sending', error: '' });
      try {
        const filed = await requestCallback(request);
        const who = filed.assignee ? `村干部${filed.assignee}` : '村干部';
        this.setData({
          state: 'done',
          done: `已经请${who}给您回电话，请留意接听。申报号 ${formatTrackingCode(filed.trackingCode)}。`,
          officePhone: filed.officePhone ?? this.data.officePhone,
        });
      } catch (err) {
        if (err instanceof ApiError && err.code === 'callback_needs_contact') return this.ask();
        this.setData({ state: before === 'ask' ? 'ask' : 'idle', error: userMessage(err) });
      }
    },

    async ask(): Promise<void> {
      this.setData({ state: 'ask', error: '' });
      if (this.data.villageCode || this.data.countyCode) return;
      try {
        const def = await fetchQuestionnaire();
        this.setData({ countyCode: def.county?.code ?? '' });
      } catch (err) {
        this.setData({ error: userMessage(err) });
      }
    },

    onPhoneInput(e: WechatMiniprogram.Input) {
      this.setData({ typedPhone: e.detail.value, error: '' });
    },

    onVillagePicked(e: WechatMiniprogram.CustomEvent<{ code: string; name: string }>) {
      this.setData({ pickedVillage: e.detail.code, pickedName: e.detail.name, error: '' });
    },

    village(): string {
      return this.data.villageCode || this.data.pickedVillage;
    },

    /** WeChat's phone-number button: the server reads the verified number with this code; refused = type it. */
    onGetPhoneNumber(e: WechatMiniprogram.CustomEvent<{ code?: string; errMsg?: string }>): Promise<void> | void {
      const code = e.detail.code;
      if (!code) return void this.setData({ error: '没有用微信里的手机号，请在下面写一个手机号。' });
      if (!this.village()) return void this.setData({ error: '请先在下面选一下您家是哪个村。' });
      return this.send({ villageCode: this.village(), phoneCode: code });
    },

    onSendTyped(): Promise<void> | void {
      const typed = normalizePhone(this.data.typedPhone);
      const problem = typed ? phoneProblem(typed) : '请写一个手机号，村干部好给您打电话。';
      if (problem) return void this.setData({ error: problem });
      if (!this.village()) return void this.setData({ error: '请先选一下您家是哪个村。' });
      return this.send({ villageCode: this.village(), phone: typed });
    },

    onCancelAsk() {
      this.setData({ state: 'idle', error: '' });
    },

    onCallOffice() {
      if (this.data.officePhone) wx.makePhoneCall({ phoneNumber: this.data.officePhone });
    },
  },
});
