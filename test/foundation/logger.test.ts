// Logs are JSON lines with secrets redacted wherever they sit in the logged object.
import { Writable } from 'node:stream';
import { createLogger } from '../../lib/logger.js';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { lines, logger: createLogger({ level: 'info' }, stream) };
}

test('authorization headers, tokens, secrets and keys are redacted', () => {
  const { lines, logger } = capture();
  logger.info(
    {
      headers: { authorization: 'Bearer abc.def.ghi' },
      request: { headers: { authorization: 'Bearer 123' } },
      access_token: 'tok-1',
      credentials: { clientSecret: 'shh', privateKey: '-----BEGIN PRIVATE KEY-----', assertion: 'jwt' },
      administrator: { password: 'Passw0rd' },
      operation: 'getCustomer',
    },
    'call',
  );
  const text = lines.join('');
  for (const secret of ['abc.def.ghi', 'Bearer 123', 'tok-1', 'shh', 'BEGIN PRIVATE KEY', '"jwt"', 'Passw0rd']) expect(text).not.toContain(secret);
  const entry = JSON.parse(lines[0]!) as Record<string, unknown>;
  expect(entry).toMatchObject({ operation: 'getCustomer', msg: 'call', service: 'lineworks-partner-workflows', headers: { authorization: '[REDACTED]' } });
});
