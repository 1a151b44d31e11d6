import { qrLibrary } from './onFirstUse';
import { DomainError } from '../domain/errors';
import { officialAccountOf } from '../officialAccount/runtime';
import { Region } from '../store/entities';
import type { StaffActor } from './actors';
import type { AppContext } from './context';
import { findVillage } from './regions';
import { reachableVillage } from './villageScope';

/** Where a village's printed code leads: the mini-program (scene) or the Official Account (qrscene_). */
export const QR_CHANNELS = { miniprogram: '小程序', official_account: '公众号' } as const;
export type QrChannel = keyof typeof QR_CHANNELS;

/** The page a 小程序码 opens; pages/home reads the village from `scene` (miniprogram/utils/launchVillage.ts). */
export const QR_PAGE = 'pages/home/index';

/** A plain QR code's link (扫普通链接二维码打开小程序): the mini-program gets it whole in `q`. */
export function villageLink(base: string, villageCode: string): string {
  const url = new URL(base);
  url.searchParams.set('village', villageCode);
  return url.toString();
}

/** Ten pixels a module (about 450 px for a village link): sharp when printed 8 cm wide, and quick to draw. */
export const drawQr = (content: string): Promise<Buffer> => qrLibrary().toBuffer(content, { errorCorrectionLevel: 'M', margin: 2, scale: 10 });

export interface VillageQr {
  village: { code: string; name: string; town: string };
  channel: QrChannel;
  png: Buffer;
  /** What the sheet says under the code, in the resident's words. */
  caption: string;
}

/**
 * A printable code for one village (issue 13: less typing). The 小程序码 comes from WeChat
 * (wxacode.getUnlimited, scene = the 12-digit village code) or, without the app's credentials, is
 * a plain QR code of MP_QR_LINK?village=<code>; the Official Account's is a permanent
 * parametric QR (scene_str = the village code, a follow arrives as `qrscene_<code>`), drawn here
 * from the content WeChat gives. Either way the resident's village is filled in for them.
 */
export async function villageQr(app: AppContext, villageCode: string, channel: QrChannel, staff?: StaffActor): Promise<VillageQr> {
  const village = staff ? await reachableVillage(app.db.manager, staff, villageCode) : await findVillage(app.db.manager, villageCode);
  const town = await app.db.manager.findOne(Region, { select: { name: true }, where: { code: village.parentCode ?? '' } });
  let png: Buffer;
  if (channel === 'miniprogram') {
    if (app.wechat) png = await app.wechat.getUnlimitedQrCode({ scene: village.code, page: QR_PAGE });
    else if (app.config.mpQrLink) png = await drawQr(villageLink(app.config.mpQrLink, village.code));
    else throw new DomainError('wechat_unavailable', '没有配置小程序（WECHAT_APP_ID、WECHAT_APP_SECRET，或 MP_QR_LINK），不能生成小程序码', 400);
  } else {
    const account = officialAccountOf(app);
    if (!account) throw new DomainError('wechat_unavailable', '没有配置公众号（WECHAT_OA_APP_ID 等），不能生成公众号二维码', 400);
    png = await drawQr(await account.client.sceneQrContent(village.code));
  }
  const how = channel === 'miniprogram' ? '用微信扫一扫，打开“申报通”' : '用微信扫一扫，关注公众号';
  return {
    village: { code: village.code, name: village.name, town: town?.name ?? '' },
    channel,
    png,
    caption: `${how}，家里有困难就在这里说。村已经替您选好了：${village.name}。`,
  };
}
