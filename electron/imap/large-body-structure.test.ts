import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parser } from 'imapflow/lib/handler/imap-handler.js';
import { formatMessageResponse } from 'imapflow/lib/tools.js';
import { findLargeBodyStructure, withoutBodyStructure } from './large-body-structure.ts';
import { parseBodyStructure } from './parse-body-structure.ts';
import { DEFAULT_IMAP_LIMITS } from './imap-limits.ts';

// A response as imapflow's stream hands it over: the line(s), each literal's "{n}" marker
// and CRLF in place, and the literals' bytes beside it.
type Wire = { readonly payload: Buffer; readonly literals: Buffer[] };

class WireBuilder {
  private text = '';
  readonly literals: Buffer[] = [];
  add(text: string): this {
    this.text += text;
    return this;
  }
  literal(bytes: string): this {
    const buffer = Buffer.from(bytes);
    this.text += `{${buffer.length}}\r\n`;
    this.literals.push(buffer);
    return this;
  }
  build(): Wire {
    return { payload: Buffer.from(this.text), literals: this.literals };
  }
}

const mailbox = { path: 'INBOX', delimiter: '/', flags: new Set<string>(), uidValidity: 1n, uidNext: 10, exists: 1 };

async function fetched(wire: Wire) {
  return formatMessageResponse(await parser(wire.payload, { literals: wire.literals }), mailbox);
}

// A deterministic generator, so a failure names the seed that made it.
function random(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 0x1_0000_0000;
  };
}

// A string as a server may send it: quoted (with escapes) or as a literal, holding the
// characters a scan must not take for syntax.
function addString(wire: WireBuilder, next: () => number, value: string): void {
  if (next() < 0.25) wire.literal(value);
  else wire.add(`"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`);
}

const awkward = ['report (final).pdf', 'one "(" too', 'a "quoted" name', 'back\\slash', 'brackets [x] {3}', 'plain.txt', 'süß.txt'];

function addStructure(wire: WireBuilder, next: () => number, depth: number): void {
  if (depth < 3 && next() < 0.4) {
    wire.add('(');
    const children = 1 + Math.floor(next() * 4);
    for (let child = 0; child < children; child += 1) addStructure(wire, next, depth + 1);
    wire.add(' "mixed" ("boundary" "b') .add(String(depth)).add('") NIL NIL NIL)');
    return;
  }
  if (next() < 0.5) {
    wire.add('("text" "plain" ("charset" "utf-8") NIL NIL "7bit" 12 1 NIL NIL NIL NIL)');
    return;
  }
  const name = awkward[Math.floor(next() * awkward.length)] ?? 'x';
  wire.add('("application" "octet-stream" ("name" ');
  addString(wire, next, name);
  wire.add(') NIL NIL "base64" 20 NIL ("attachment" ("filename" ');
  addString(wire, next, name);
  wire.add(')) NIL NIL)');
}

// A FETCH line with the items a header sync asks for, in an order of the seed's choosing.
function fetchLine(seed: number, uid: number): Wire {
  const next = random(seed);
  const wire = new WireBuilder().add(`* ${1 + Math.floor(next() * 900)} FETCH (`);
  const items: ((builder: WireBuilder) => void)[] = [
    (builder) => builder.add(`UID ${uid}`),
    (builder) => builder.add('FLAGS (\\Seen $label1)'),
    (builder) => builder.add('RFC822.SIZE 4242'),
    (builder) => builder.add('INTERNALDATE "01-Jan-2024 10:00:00 +0000"'),
    (builder) => {
      builder.add('ENVELOPE ("Mon, 1 Jan 2024 10:00:00 +0000" ');
      addString(builder, next, 'Re: (draft) "plan" {7}');
      builder.add(' (("Jörg" NIL "joerg" "example.org")) NIL NIL NIL NIL NIL NIL "<x@example.org>")');
    },
    (builder) => {
      builder.add('BODY[HEADER.FIELDS (REFERENCES)] ');
      builder.literal('References: <a@example.org>\r\n\r\n');
    },
    (builder) => {
      builder.add('BODYSTRUCTURE ');
      addStructure(builder, next, 0);
    },
  ];
  for (let index = items.length - 1; index > 0; index -= 1) {
    const other = Math.floor(next() * (index + 1));
    [items[index], items[other]] = [items[other] as (builder: WireBuilder) => void, items[index] as (builder: WireBuilder) => void];
  }
  items.forEach((item, index) => {
    if (index > 0) wire.add(' ');
    item(wire);
  });
  return wire.add(')').build();
}

describe('a BODYSTRUCTURE cut out of its FETCH line', () => {
  it('parses to what imapflow makes of the whole line, and leaves every other item as it was', async () => {
    const seeds = 400;
    let withLiterals = 0;
    for (let seed = 1; seed <= seeds; seed += 1) {
      const wire = fetchLine(seed, 1000 + seed);
      const whole = await fetched(wire);
      const found = findLargeBodyStructure(wire.payload, 1);
      assert.ok(found, `seed ${seed}: found`);
      assert.equal(found.uid, 1000 + seed, `seed ${seed}: its UID`);
      assert.equal(wire.payload[found.start], 0x28, `seed ${seed}: starts at its list`);
      if (found.literalCount > 0) withLiterals += 1;
      const rest = withoutBodyStructure(wire.payload, wire.literals, found);
      const cut = await fetched(rest);
      const parsed = await parseBodyStructure(
        wire.payload.subarray(found.start, found.end),
        wire.literals.slice(found.firstLiteral, found.firstLiteral + found.literalCount),
        DEFAULT_IMAP_LIMITS.maxResponseTokens,
      );
      assert.equal(parsed.bodyStructure, JSON.stringify(whole.bodyStructure), `seed ${seed}: the structure`);
      assert.equal(cut.bodyStructure, undefined, `seed ${seed}: nothing left of it in the line`);
      assert.deepEqual({ ...cut, bodyStructure: whole.bodyStructure }, whole, `seed ${seed}: the other items`);
    }
    console.log(`large BODYSTRUCTURE: ${seeds} FETCH lines cut and parsed, ${withLiterals} with literals inside the list`);
    assert.ok(withLiterals > seeds / 10, 'literals inside the list were tried');
  });

  it('says whether the structure has an attachment, as for a structure parsed with its line', async () => {
    const wire = new WireBuilder()
      .add('* 1 FETCH (UID 9 BODYSTRUCTURE (("text" "plain" NIL NIL NIL "7bit" 3 1 NIL NIL NIL NIL)')
      .add('("application" "pdf" ("name" "a.pdf") NIL NIL "base64" 9 NIL ("attachment" ("filename" "a.pdf")) NIL NIL) "mixed" NIL NIL NIL))')
      .build();
    const found = findLargeBodyStructure(wire.payload, 1);
    assert.ok(found);
    const parsed = await parseBodyStructure(wire.payload.subarray(found.start, found.end), [], DEFAULT_IMAP_LIMITS.maxResponseTokens);
    assert.equal(parsed.hasAttachments, true);
  });

  it('leaves lines alone that are short, hold a short list, or are not FETCH responses with a UID', () => {
    const line = fetchLine(7, 42);
    const found = findLargeBodyStructure(line.payload, 1);
    assert.ok(found);
    const listBytes = found.end - found.start;
    assert.equal(findLargeBodyStructure(line.payload, line.payload.length + 1), null, 'a line shorter than the threshold');
    assert.equal(findLargeBodyStructure(line.payload, listBytes + 1), null, 'a list shorter than the threshold');
    assert.ok(findLargeBodyStructure(line.payload, listBytes), 'a list as long as the threshold');
    const without = (text: string) => findLargeBodyStructure(Buffer.from(text), 1);
    assert.equal(without('* SEARCH 1 2 3 (BODYSTRUCTURE (1))'), null, 'not FETCH');
    assert.equal(without('* 3 FETCH (FLAGS () BODYSTRUCTURE ("text" "plain" NIL NIL NIL "7bit" 3 1 NIL NIL NIL NIL))'), null, 'no UID');
    assert.equal(without('* 3 FETCH (UID 0 BODYSTRUCTURE ("text" "plain" NIL NIL NIL "7bit" 3 1 NIL NIL NIL NIL))'), null, 'UID 0');
    assert.equal(without('* 3 FETCH (UID 5 BODYSTRUCTURE ("text" "plain" NIL NIL NIL "7bit" 3 1 NIL NIL NIL NIL)'), null, 'unclosed');
    assert.equal(without('* 3 FETCH (UID 5 BODYSTRUCTURE ("text" "pl)'), null, 'an unterminated string');
    assert.equal(without('* 3 FETCH (UID 5 BODYSTRUCTURE ("text" {x}\r\n))'), null, 'a broken literal marker');
    assert.equal(without('* 3 FETCH (UID 5 BODYSTRUCTURE NIL)'), null, 'NIL');
    assert.equal(without('* 3 FETCH (UID 5 BODYSTRUCTURE ("a"\n"b"))'), null, 'a bare line feed');
    assert.equal(without('* 3 FETCH (UID 5 BODYSTRUCTURE ("a" "b") RFC822.SIZE)'), null, 'a name without its value');
  });

  it('gives no structure for a list imapflow cannot parse, instead of failing', async () => {
    const parsed = await parseBodyStructure(Buffer.from('("text" "plain" ((((((('), [], DEFAULT_IMAP_LIMITS.maxResponseTokens);
    assert.deepEqual(parsed, { hasAttachments: false, bodyStructure: null });
    const tooMany = await parseBodyStructure(Buffer.from(`(${'("text" "plain" NIL NIL NIL "7bit" 3 1 NIL NIL NIL NIL)'.repeat(50)} "mixed" NIL NIL NIL)`), [], 100);
    assert.deepEqual(tooMany, { hasAttachments: false, bodyStructure: null }, 'past the token limit');
  });
});
