/**
 * WeChat's own font setting (我 → 设置 → 通用 → 字体大小), which rpx alone ignores: rpx follows
 * the screen's width only. Every page puts `--fs` on its root view and every font size in WXSS
 * is `calc(Nrpx * var(--fs, 1))`, so the resident's chosen size reaches all text, components too.
 * Smaller-than-standard settings are read as 1: nothing may drop below 40rpx. Capped at 2, past
 * which a line holds two or three characters.
 */
export const MAX_FONT_SCALE = 2;

export function fontScale(): number {
  try {
    const factor = wx.getAppBaseInfo().fontSizeScaleFactor;
    if (typeof factor === 'number' && isFinite(factor)) return Math.min(Math.max(factor, 1), MAX_FONT_SCALE);
  } catch {
    // Base libraries before 2.20.1 have no getAppBaseInfo: the standard size.
  }
  return 1;
}

/** The style attribute of a page's root view. */
export function pageStyle(): string {
  return `--fs: ${fontScale()};`;
}
