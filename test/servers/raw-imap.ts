// A minimal IMAP client over TLS for seeding only: imapflow sends one APPEND per message,
// while one MULTIAPPEND (RFC 3502) with LITERAL+ (RFC 7888) literals stores a thousand
// messages in about the time imapflow needs for two hundred.
import { connect, type TLSSocket } from 'node:tls';

export type RawImap = {
  // Sends one tagged command and resolves with its tagged completion line when it is OK.
  command(parts: readonly (string | Buffer)[]): Promise<string>;
  close(): void;
};

export function quoted(value: string): string {
  if (!/^[\x20-\x7e]*$/.test(value)) throw new Error(`Only printable ASCII is supported here: ${value}`);
  return `"${value.replace(/[\\"]/g, (char) => `\\${char}`)}"`;
}

export async function openRawImap(host: string, port: number, ca: string, username: string, password: string): Promise<RawImap> {
  const socket: TLSSocket = connect({ host, port, ca: [ca] });
  let buffer = '';
  let waiter: (() => void) | null = null;
  let failure: Error | null = null;
  socket.on('data', (chunk: Buffer) => {
    buffer += chunk.toString('latin1');
    waiter?.();
  });
  socket.on('error', (error: Error) => {
    failure = error;
    waiter?.();
  });
  function waitForLine(pattern: RegExp): Promise<string> {
    return new Promise((resolve, reject) => {
      const check = (): void => {
        if (failure !== null) {
          waiter = null;
          reject(failure);
          return;
        }
        const match = pattern.exec(buffer);
        if (match === null) return;
        waiter = null;
        buffer = buffer.slice(match.index + match[0].length);
        resolve(match[0]);
      };
      waiter = check;
      check();
    });
  }
  await waitForLine(/^\* OK[^\r\n]*\r\n/m);
  let counter = 0;
  async function command(parts: readonly (string | Buffer)[]): Promise<string> {
    counter += 1;
    const tag = `s${counter}`;
    socket.write(
      Buffer.concat([
        Buffer.from(`${tag} `),
        ...parts.map((part) => (typeof part === 'string' ? Buffer.from(part, 'latin1') : part)),
        Buffer.from('\r\n'),
      ]),
    );
    const line = await waitForLine(new RegExp(`^${tag} (OK|NO|BAD)[^\\r\\n]*\\r\\n`, 'm'));
    if (!line.startsWith(`${tag} OK`)) throw new Error(`IMAP command failed: ${line.trim()}`);
    return line;
  }
  await command([`LOGIN ${quoted(username)} ${quoted(password)}`]);
  return {
    command,
    close: () => {
      socket.end('z LOGOUT\r\n');
    },
  };
}

// RFC 4315 3: "APPENDUID <uidvalidity> <uid-set>", the set in ascending order of the messages.
export function parseAppendUid(line: string): { uidValidity: number; uids: readonly number[] } | null {
  const match = /\[APPENDUID (\d+) ([\d:,]+)\]/i.exec(line);
  if (match === null) return null;
  const uids: number[] = [];
  for (const part of (match[2] ?? '').split(',')) {
    const [first, last] = part.split(':').map(Number);
    if (first === undefined) continue;
    const end = last ?? first;
    for (let uid = Math.min(first, end); uid <= Math.max(first, end); uid += 1) uids.push(uid);
  }
  return { uidValidity: Number(match[1]), uids };
}
