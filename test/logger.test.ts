import { createLogger } from '../src/logger';

it('never writes ID numbers, phones, passwords or tokens to the log', () => {
  const lines: string[] = [];
  const logger = createLogger('info', { write: (line: string) => void lines.push(line) });
  logger.info({ idNumber: '11010519491231002X', applicant: { phone: '13912345678', idNumber: '11010519491231002X', name: '巴特尔' }, password: 'secret-pass', req: { headers: { authorization: 'Bearer abc' } } }, 'declared');
  const text = lines.join('');
  expect(text).toContain('巴特尔');
  expect(text).not.toMatch(/11010519491231002X|13912345678|secret-pass|Bearer abc/);
  expect(text).toContain('[已隐藏]');
});
