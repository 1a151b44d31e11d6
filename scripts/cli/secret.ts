import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';

/**
 * Reads a secret from the terminal with echo off (the prompt on stderr), or the first line of
 * stdin when it is piped (`printf '%s\n' "$PW" | npm run admin -- set-password …`), so a password
 * need not appear in the shell history or the process list.
 */
export function readSecret(prompt: string): Promise<string> {
  const input = process.stdin;
  let muted = false;
  const output = new Writable({
    write(chunk: Buffer, _encoding, done) {
      if (!muted) process.stderr.write(chunk);
      done();
    },
  });
  const rl = createInterface({ input, output, terminal: input.isTTY === true });
  return new Promise((resolve, reject) => {
    let answered = false;
    rl.question(prompt, (answer) => {
      answered = true;
      rl.close();
      if (input.isTTY) process.stderr.write('\n');
      resolve(answer);
    });
    muted = true;
    rl.on('close', () => {
      if (!answered) reject(new Error('没有输入密码 / no password was given'));
    });
  });
}
