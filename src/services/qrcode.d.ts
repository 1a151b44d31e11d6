// The few functions of the `qrcode` package (1.5) used here; it ships no types of its own.
declare module 'qrcode' {
  interface QrOptions {
    errorCorrectionLevel?: 'L' | 'M' | 'Q' | 'H';
    margin?: number;
    width?: number;
    /** Pixels per module. */
    scale?: number;
  }
  export function toBuffer(text: string, options?: QrOptions): Promise<Buffer>;
}
