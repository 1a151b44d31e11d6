import { config, Contact } from '../../config';
import { hasDraft } from '../../utils/draft';
import { pageStyle } from '../../utils/fontScale';
import { rememberLaunchVillage } from '../../utils/launchVillage';

interface HomeData {
  pageStyle: string;
  hasDraft: boolean;
  contacts: Contact[];
}

Page({
  data: {
    pageStyle: '',
    hasDraft: false,
    contacts: config.contacts,
  } as HomeData,

  onLoad(query: Record<string, string | undefined> = {}) {
    rememberLaunchVillage(query);
    this.setData({ pageStyle: pageStyle() });
  },

  onShow() {
    this.setData({ hasDraft: hasDraft() });
  },

  onDeclareSelf() {
    wx.navigateTo({ url: '/pages/declare/index' });
  },

  /** 帮家人申报: the declare page opens with "帮家人申报" already chosen on its first question. */
  onDeclareFamily() {
    wx.navigateTo({ url: '/pages/declare/index?mode=family' });
  },

  onMyCases() {
    wx.navigateTo({ url: '/pages/cases/index' });
  },

  onCall(e: WechatMiniprogram.TouchEvent) {
    const phone = String(e.currentTarget.dataset.phone ?? '');
    if (phone) wx.makePhoneCall({ phoneNumber: phone });
  },
});
