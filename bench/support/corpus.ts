// The benchmarks' mailbox (issue 10): deterministic, and shaped like years of real mail
// rather than like test fixtures. Message i is always the same bytes. Of every 100: 20 are
// HTML (multipart/alternative), 10 carry an attachment, about 40 reply to an earlier
// message (In-Reply-To and References, so threads form), 15 have non-ASCII names or
// subjects (a few of them CJK); bodies run from a few lines to a few pages.

const BASE_DATE = Date.UTC(2019, 0, 1, 8, 0, 0);

// mulberry32: a small seeded generator, so corpus message i never depends on a library.
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

const words = (
  'the of and to in is that for it as with was on be by this are or from at an which have not ' +
  'meeting report budget quarter project deadline review draft invoice contract schedule travel ' +
  'holiday family dinner weekend photos garden kitchen renovation flight hotel conference agenda ' +
  'minutes release version server backup database migration performance customer support ticket ' +
  'question answer proposal design prototype feedback launch marketing sales numbers forecast ' +
  'school concert football training doctor appointment insurance payment receipt order delivery'
).split(' ');

const people = [
  ['Alice Martin', 'alice.martin@example.org'],
  ['Bob Chen', 'bob.chen@example.com'],
  ['Carol Dupont', 'carol@example.fr'],
  ['Zoë Ångström', 'zoe@example.se'],
  ['Jürgen Weiß', 'juergen.weiss@example.de'],
  ['田中 太郎', 'tanaka@example.jp'],
  ['Dmitri Ivanov', 'dmitri@example.ru'],
  ['Priya Raman', 'priya.raman@example.in'],
  ['Mailing List', 'list@lists.example.org'],
  ['Newsletter', 'news@shop.example.com'],
] as const;

const foreignSubjects = ['Grüße aus Köln', 'Résumé et références', 'Señales para mañana', '会議の議事録', 'Ταξίδι στην Αθήνα'];

function sentence(next: () => number, length: number): string {
  const picked = Array.from({ length }, () => words[Math.floor(next() * words.length)] ?? 'mail');
  const first = picked[0] ?? 'mail';
  picked[0] = first.charAt(0).toUpperCase() + first.slice(1);
  return `${picked.join(' ')}.`;
}

function paragraphs(next: () => number, count: number): string[] {
  return Array.from({ length: count }, () =>
    Array.from({ length: 2 + Math.floor(next() * 5) }, () => sentence(next, 6 + Math.floor(next() * 14))).join(' '),
  );
}

function wrap(text: string, width = 76): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line.length > 0 && line.length + word.length + 1 > width) {
      lines.push(line);
      line = word;
    } else line = line.length === 0 ? word : `${line} ${word}`;
  }
  if (line.length > 0) lines.push(line);
  return lines.join('\r\n');
}

function encodedWord(text: string): string {
  return /^[\x20-\x7e]*$/.test(text) ? text : `=?UTF-8?B?${Buffer.from(text, 'utf8').toString('base64')}?=`;
}

function mailbox([name, address]: readonly [string, string]): string {
  return `${encodedWord(name)} <${address}>`;
}

export function corpusMessageId(i: number): string {
  return `<corpus-${i}@bench.letterbox.test>`;
}

// The message the i-th of a corpus is, as RFC 5322 bytes with CRLF line ends.
export function corpusMessage(i: number): Buffer {
  const next = random(i * 2654435761);
  const bucket = i % 100;
  const kind = bucket < 20 ? 'html' : bucket < 30 ? 'attachment' : 'plain';
  const sender = people[Math.floor(next() * people.length)] ?? people[0];
  const foreign = next() < 0.15;
  const topic = foreign ? (foreignSubjects[i % foreignSubjects.length] ?? 'Grüße') : sentence(next, 3 + Math.floor(next() * 6)).slice(0, -1);
  // About 4 in 10 reply to one of the 50 messages before them: threads of a few messages.
  const parent = i > 0 && next() < 0.4 ? Math.max(0, i - 1 - Math.floor(next() * 50)) : null;
  const subject = parent === null ? `${topic} #${i}` : `Re: ${topic} #${parent}`;
  const date = new Date(BASE_DATE + i * 17 * 60_000);
  const headers = [
    `Received: from mail${i % 7}.example.net (mail${i % 7}.example.net [192.0.2.${i % 250}]) by mx.example.org with ESMTPS id ${i.toString(36)}; ${date.toUTCString().replace('GMT', '+0000')}`,
    `From: ${mailbox(sender)}`,
    'To: Alice Example <alice@example.org>',
    ...(next() < 0.25 ? [`Cc: ${mailbox(people[Math.floor(next() * people.length)] ?? people[1])}`] : []),
    `Subject: ${encodedWord(subject)}`,
    `Date: ${date.toUTCString().replace('GMT', '+0000')}`,
    `Message-ID: ${corpusMessageId(i)}`,
    ...(parent === null ? [] : [`In-Reply-To: ${corpusMessageId(parent)}`, `References: ${corpusMessageId(parent)}`]),
    'MIME-Version: 1.0',
  ];
  const text = paragraphs(next, 1 + Math.floor(next() ** 2 * 12)).map((paragraph) => wrap(paragraph)).join('\r\n\r\n');
  let body: string;
  if (kind === 'html') {
    const boundary = `alt-${i}`;
    headers.push(`Content-Type: multipart/alternative; boundary="${boundary}"`);
    const html = `<html><head><style>p{font-family:sans-serif}</style></head><body>${text
      .split('\r\n\r\n')
      .map((paragraph) => `<p>${paragraph.replace(/\r\n/g, ' ')}</p>`)
      .join('\r\n')}<table><tr><td><a href="https://example.com/${i}">View online</a></td></tr></table></body></html>`;
    body = [`--${boundary}`, 'Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: 8bit', '', text, `--${boundary}`, 'Content-Type: text/html; charset=utf-8', 'Content-Transfer-Encoding: 8bit', '', wrap(html, 200), `--${boundary}--`, ''].join('\r\n');
  } else if (kind === 'attachment') {
    const boundary = `mixed-${i}`;
    headers.push(`Content-Type: multipart/mixed; boundary="${boundary}"`);
    const bytes = Buffer.alloc(8_000 + Math.floor(next() * 40_000));
    for (let index = 0; index < bytes.length; index += 1) bytes[index] = Math.floor(next() * 256);
    const base64 = (bytes.toString('base64').match(/.{1,76}/g) ?? []).join('\r\n');
    const name = `${['report', 'invoice', 'photo', 'minutes', 'plan'][i % 5] ?? 'file'}-${i}.${['pdf', 'pdf', 'jpg', 'docx', 'xlsx'][i % 5] ?? 'bin'}`;
    body = [`--${boundary}`, 'Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: 8bit', '', text, `--${boundary}`, `Content-Type: application/octet-stream; name="${name}"`, 'Content-Transfer-Encoding: base64', `Content-Disposition: attachment; filename="${name}"`, '', base64, `--${boundary}--`, ''].join('\r\n');
  } else {
    headers.push('Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: 8bit');
    body = text;
  }
  return Buffer.from(`${headers.join('\r\n')}\r\n\r\n${body}\r\n`, 'utf8');
}

// Flags as a mailbox of old mail has them: most read, a few flagged or answered.
export function corpusFlags(i: number): readonly string[] {
  if (i % 10 === 0) return [];
  if (i % 23 === 0) return ['\\Seen', '\\Flagged'];
  if (i % 7 === 0) return ['\\Seen', '\\Answered'];
  return ['\\Seen'];
}
