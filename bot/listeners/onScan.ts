import { qrcodeValueToImageUrl, ScanStatus } from 'wechaty';
import type { BotHooks } from './hooks';

type QrRenderer = { toString(text: string, options: { type: 'terminal'; small: boolean }): Promise<string> };

/** The `qrcode` package (a dependency of wechaty's file-box) draws the code in the terminal when present. */
function qrRenderer(): QrRenderer | null {
  try {
    return require('qrcode') as QrRenderer;
  } catch {
    return null;
  }
}

/** Shows the login QR code: drawn in the terminal, and as a link for terminals that cannot draw it. */
export function onScan(hooks: BotHooks) {
  return async (qrcode: string, status: ScanStatus): Promise<void> => {
    if (status !== ScanStatus.Waiting && status !== ScanStatus.Timeout) {
      hooks.logger.info({ status: ScanStatus[status] }, 'login QR code scanned');
      return;
    }
    const drawn = await qrRenderer()
      ?.toString(qrcode, { type: 'terminal', small: true })
      .catch(() => null);
    hooks.out(`\n请用机器人的微信扫码登录 / scan with the bot's WeChat to log in:\n${drawn ?? ''}\n${qrcodeValueToImageUrl(qrcode)}\n`);
    hooks.logger.info('waiting for the login QR code to be scanned');
  };
}
