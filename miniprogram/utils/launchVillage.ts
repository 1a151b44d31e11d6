/**
 * The village a printed QR code names (issue 13: less typing). A 小程序码 made with
 * wxacode.getUnlimited opens pages/home/index with `scene` = the 12-digit village code; a plain
 * QR code (扫普通链接二维码打开小程序) brings its whole link in `q`, ending in `village=<code>`.
 * Kept on the phone until a declaration uses it, because the resident taps 我要申报 first.
 */
const KEY = 'shenbao.launchVillage';
const VILLAGE = /^\d{12}$/;

export function villageFromLaunch(query: Record<string, string | undefined>): string | null {
  const scene = query.scene ? decodeURIComponent(query.scene) : '';
  if (VILLAGE.test(scene)) return scene;
  const link = query.q ? decodeURIComponent(query.q) : '';
  const match = /[?&]village=(\d{12})(?:&|$)/.exec(link);
  return match ? match[1] : null;
}

export function rememberLaunchVillage(query: Record<string, string | undefined>): void {
  const code = villageFromLaunch(query);
  if (code) wx.setStorageSync(KEY, code);
}

export function launchVillage(): string | null {
  const code: unknown = wx.getStorageSync(KEY);
  return typeof code === 'string' && VILLAGE.test(code) ? code : null;
}

export function forgetLaunchVillage(): void {
  wx.removeStorageSync(KEY);
}
