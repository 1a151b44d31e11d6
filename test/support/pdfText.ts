import { spawn } from 'node:child_process';

/**
 * pdf.js starts its worker with a dynamic import, which Jest's module sandbox refuses; so the
 * text is read by pdf-parse in a plain Node process beside the test.
 */
const READ_TEXT = `
const { PDFParse } = require('pdf-parse');
const chunks = [];
process.stdin.on('data', (c) => chunks.push(c)).on('end', async () => {
  const parser = new PDFParse({ data: Buffer.concat(chunks) });
  const { text } = await parser.getText();
  await parser.destroy();
  process.stdout.write(text);
});`;

/**
 * Chromium writes each glyph's text as the first code point the font maps to it, so a glyph the
 * CJK font shares between a character and its radical or variant reads back as the look-alike.
 * NFKC undoes the Kangxi radicals (⽌ → 止); these are the others seen in the print-outs — a
 * word with a new one fails to be found (never passes unseen), and its pair belongs here.
 */
const LOOK_ALIKES: Record<string, string> = { 戶: '户', '⻔': '门', '⻛': '风', '⻋': '车', '⺠': '民', '⻅': '见' };
const LOOK_ALIKE = new RegExp(`[${Object.keys(LOOK_ALIKES).join('')}]`, 'g');
const readable = (text: string) => text.normalize('NFKC').replace(LOOK_ALIKE, (c) => LOOK_ALIKES[c]);

/** The text of a PDF, as it was typed. */
export function pdfText(pdf: Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', READ_TEXT], { cwd: __dirname, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(readable(Buffer.concat(out).toString('utf8'))) : reject(new Error(`pdf-parse exited ${code}: ${Buffer.concat(err).toString('utf8')}`)),
    );
    child.stdin.end(pdf);
  });
}
