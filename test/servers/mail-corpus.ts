// A deterministic corpus of varied mail for benchmarks and search tests: message i is the
// same in every run. Bodies are drawn from a small vocabulary (so queries hit hundreds or
// thousands of messages, as real words do), with about 20% HTML-only bodies, 10%
// attachments, threads (Re: with In-Reply-To), non-ASCII names and words, and some Chinese
// and Japanese text. `spec` is what the raw message says, for brute-force checks.

export type CorpusAddress = { readonly name: string; readonly address: string };

export type CorpusMail = {
  readonly index: number;
  readonly messageId: string;
  readonly date: Date;
  readonly from: CorpusAddress;
  readonly to: readonly CorpusAddress[];
  readonly cc: readonly CorpusAddress[];
  readonly subject: string;
  // The readable text, as a reader shows it (for an HTML body: its words, paragraph by paragraph).
  readonly body: string;
  readonly html: boolean;
  readonly attachments: readonly string[];
  readonly seen: boolean;
  readonly flagged: boolean;
  readonly answered: boolean;
  readonly keywords: readonly string[];
  readonly raw: string;
};

// Roughly by frequency: words are drawn with a skew towards the front of the list, so
// common words are in most messages and the later ones in a few percent, as in real mail.
export const corpusVocabulary: readonly string[] = (
  'the and for with this that from about your our will please thanks regards today tomorrow morning evening ' +
  'invoice report meeting budget project résumé café naïve über straße plan quarterly review contract offer ' +
  'deadline holiday travel flight hotel lunch dinner team sprint release design draft final update notes agenda ' +
  'customer support ticket order shipping delivery payment receipt refund account password security alert news ' +
  'schedule minutes proposal estimate garden weekend birthday party concert tickets photo album recipe kitchen ' +
  'server backup outage migration database deploy review patch build pipeline test coverage roadmap hiring ' +
  'interview candidate salary benefits insurance doctor appointment school homework library museum train station'
).split(' ');

// Chinese and Japanese phrases; unicode61 keeps each run as one token, so only the
// trigram index (and the short-term path) finds their parts.
export const corpusCjkPhrases: readonly string[] = [
  '東京の会議について',
  '会議室の予約',
  '请查收附件中的报告',
  '明天的会议取消了',
  '東京駅で待ち合わせ',
  '项目进度报告',
  '週末の予定',
  '年度预算审核',
];

const people: readonly CorpusAddress[] = [
  { name: 'Zoë Müller', address: 'zoe@example.org' },
  { name: 'Bob Smith', address: 'bob@example.org' },
  { name: 'Ann Lee', address: 'ann.lee@example.com' },
  { name: 'José Martínez', address: 'jose@example.es' },
  { name: 'Chen Wei', address: 'chen.wei@example.cn' },
  { name: '田中太郎', address: 'tanaka@example.jp' },
  { name: 'Dana Fox', address: 'dana@example.net' },
  { name: 'Eve Adams', address: 'eve@example.org' },
  { name: 'Frank Ocean', address: 'frank@example.com' },
  { name: 'Åsa Lindqvist', address: 'asa@example.se' },
  { name: 'François Dupont', address: 'francois@example.fr' },
  { name: 'Grace Hopper', address: 'grace@example.mil' },
  { name: 'Hiro Sato', address: 'hiro@example.jp' },
  { name: 'Ivan Petrov', address: 'ivan@example.ru' },
  { name: 'Jürgen Weiß', address: 'juergen@example.de' },
  { name: 'Kim Park', address: 'kim@example.kr' },
  { name: 'Billing', address: 'billing@shop.example' },
  { name: 'Newsletter', address: 'news@letters.example' },
];

const alice: CorpusAddress = { name: 'Alice Example', address: 'alice@example.org' };

const attachmentNames: readonly string[] = ['report', 'invoice', 'photo', 'minutes', 'contract', 'budget', 'résumé', '請求書'];
const attachmentExtensions: readonly string[] = ['pdf', 'docx', 'jpg', 'xlsx', 'txt'];

export const corpusBaseDate = Date.UTC(2023, 0, 2, 8, 0, 0);

// A small linear congruential generator seeded by the message number.
function randomFor(seed: number): () => number {
  let state = (seed * 2_654_435_761 + 97) % 2_147_483_648;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

function encodedWord(text: string): string {
  return /^[\x20-\x7e]*$/.test(text) ? text : `=?UTF-8?B?${Buffer.from(text, 'utf8').toString('base64')}?=`;
}

function addressHeader(address: CorpusAddress): string {
  return `${encodedWord(address.name)} <${address.address}>`;
}

function corpusMessageId(index: number): string {
  return `<corpus-${index}@letterbox.test>`;
}

function escapeHtml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

function wrapBase64(data: Buffer): string {
  return (data.toString('base64').match(/.{1,76}/g) ?? []).join('\r\n');
}

export function generateCorpusMail(index: number): CorpusMail {
  const next = randomFor(index + 1);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
  const word = () => corpusVocabulary[Math.floor(next() ** 2 * corpusVocabulary.length)] ?? 'the';
  const words = (count: number) => Array.from({ length: count }, word).join(' ');
  // About 96 messages a day over the corpus, newest last, at varying minutes.
  const date = new Date(corpusBaseDate + index * 900_000 + Math.floor(next() * 600) * 1000);
  const from = pick(people);
  const to = next() < 0.15 ? [alice, pick(people)] : [alice];
  const cc = next() < 0.2 ? [pick(people)] : [];
  const reply = index > 0 && next() < 0.25;
  const cjk = next() < 0.1;
  const subjectCore = cjk ? `${pick(corpusCjkPhrases)} ${words(1)}` : words(3 + Math.floor(next() * 3));
  const subject = `${reply ? 'Re: ' : ''}${subjectCore} #${index}`;
  const paragraphCount = 1 + Math.floor(next() * 4);
  const paragraphs = Array.from({ length: paragraphCount }, () => {
    const sentence = words(10 + Math.floor(next() * 50));
    return cjk && next() < 0.6 ? `${sentence} ${pick(corpusCjkPhrases)}。${words(3)}` : sentence;
  });
  const html = next() < 0.2;
  const attachments = next() < 0.1 ? [`${pick(attachmentNames)}-${index}.${pick(attachmentExtensions)}`] : [];
  const seen = next() < 0.7;
  const flagged = next() < 0.05;
  const answered = next() < 0.1;
  const keywords = [...(next() < 0.03 ? ['$label1'] : []), ...(next() < 0.02 ? ['$label4'] : []), ...(next() < 0.01 ? ['projectx'] : [])];
  const messageId = corpusMessageId(index);
  const headers = [
    `From: ${addressHeader(from)}`,
    `To: ${to.map(addressHeader).join(', ')}`,
    ...(cc.length > 0 ? [`Cc: ${cc.map(addressHeader).join(', ')}`] : []),
    `Subject: ${encodedWord(subject)}`,
    `Date: ${date.toUTCString().replace('GMT', '+0000')}`,
    `Message-ID: ${messageId}`,
    ...(reply ? [`In-Reply-To: ${corpusMessageId(index - 1 - Math.floor(next() * Math.min(index, 20)))}`] : []),
    'MIME-Version: 1.0',
  ];
  const textBody = paragraphs.join('\r\n\r\n');
  const htmlBody = `<html><body>${paragraphs.map((paragraph) => `<p>${escapeHtml(paragraph)}</p>`).join('\r\n')}</body></html>`;
  const bodyPart = html
    ? ['Content-Type: text/html; charset=utf-8', 'Content-Transfer-Encoding: 8bit', '', htmlBody]
    : ['Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: 8bit', '', textBody];
  let raw: string;
  if (attachments.length === 0) {
    raw = `${[...headers, ...bodyPart.slice(0, 2)].join('\r\n')}\r\n\r\n${bodyPart[3] ?? ''}\r\n`;
  } else {
    const boundary = `corpus-${index}`;
    const fileName = attachments[0] ?? 'file';
    const content = Buffer.from(`${fileName}\n${words(200 + Math.floor(next() * 800))}\n`, 'utf8');
    raw = [
      ...headers,
      `Content-Type: multipart/mixed; boundary="${boundary}"`,
      '',
      `--${boundary}`,
      ...bodyPart,
      `--${boundary}`,
      `Content-Type: application/octet-stream; name="${encodedWord(fileName)}"`,
      'Content-Transfer-Encoding: base64',
      `Content-Disposition: attachment; filename*=UTF-8''${encodeURIComponent(fileName)}`,
      '',
      wrapBase64(content),
      `--${boundary}--`,
      '',
    ].join('\r\n');
  }
  return {
    index,
    messageId,
    date,
    from,
    to,
    cc,
    subject,
    body: paragraphs.join('\n\n'),
    html,
    attachments,
    seen,
    flagged,
    answered,
    keywords,
    raw,
  };
}
