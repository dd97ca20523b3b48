// A separate process that runs POP3 checks into a store until the server is empty, so a test
// can kill it with SIGKILL at any moment (test/integration/pop3-crash.test.ts).
// argv: dataDir host port username password caFile
import { readFileSync } from 'node:fs';
import { openPop3Session } from '../../electron/pop3/open-pop3-session.ts';
import type { OpenPop3Session } from '../../electron/pop3/pop3-types.ts';
import { openPop3Fixture } from './pop3-local-fixture.ts';

const [dataDir, host, port, username, password, caFile] = process.argv.slice(2);
if (dataDir === undefined || host === undefined || port === undefined || username === undefined || password === undefined || caFile === undefined) {
  throw new Error('usage: pop3-check-child.ts dataDir host port username password caFile');
}
const fixture = await openPop3Fixture(
  dataDir,
  { host, port: Number(port), username, password, caCertificate: readFileSync(caFile, 'utf8') },
  { leaveOnServer: false },
);
// Reports every RETR answered, so the parent can kill mid-download, mid-commit or mid-DELE.
const open: OpenPop3Session = async (settings) => {
  const session = await openPop3Session(settings);
  return {
    ...session,
    async retrieve(number) {
      const source = await session.retrieve(number);
      process.stdout.write('r\n');
      return source;
    },
    async delete(number) {
      await session.delete(number);
      process.stdout.write('d\n');
    },
    async quit() {
      // Set for runs the parent kills: the kill must land before QUIT, however late it is.
      if (process.env.LETTERBOX_TEST_HOLD_BEFORE_QUIT === '1') await new Promise<never>(() => undefined);
      await session.quit();
    },
  };
};
const result = await fixture.check(open);
fixture.close();
process.stdout.write(`done ${JSON.stringify(result)}\n`);
