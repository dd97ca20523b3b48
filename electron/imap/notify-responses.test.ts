import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ImapProtocolError, ImapResponseReader, type ReaderLimits } from './imap-response-reader.ts';
import { decodeModifiedUtf7 } from './modified-utf7.ts';
import { capabilitiesFromCode, decodeMailboxName, parseResponse, type ImapResponse } from './notify-responses.ts';

const LIMITS: ReaderLimits = { maxLiteralSize: 1024, maxLineLength: 2048, maxResponseSize: 4096 };

function readAll(wire: string | Buffer, limits: ReaderLimits = LIMITS): ImapResponse[] {
  const reader = new ImapResponseReader(limits);
  reader.push(typeof wire === 'string' ? Buffer.from(wire, 'utf8') : wire);
  const responses: ImapResponse[] = [];
  for (let raw = reader.read(); raw !== null; raw = reader.read()) responses.push(parseResponse(raw, { maxTokens: 200 }));
  return responses;
}

function one(wire: string): ImapResponse {
  const responses = readAll(wire);
  assert.equal(responses.length, 1);
  const [response] = responses;
  assert.ok(response);
  return response;
}

function refused(wire: string | Buffer, problem: ImapProtocolError['problem'], limits: ReaderLimits = LIMITS): void {
  assert.throws(
    () => readAll(wire, limits),
    (error: unknown) => error instanceof ImapProtocolError && error.problem === problem,
  );
}

describe('NOTIFY response parser', () => {
  it('reads an unsolicited STATUS with every attribute Letterbox uses', () => {
    assert.deepEqual(one('* STATUS Lists (MESSAGES 2 UIDNEXT 3 UIDVALIDITY 1795774808 UNSEEN 2 HIGHESTMODSEQ 9223372036854775807)\r\n'), {
      kind: 'status',
      mailbox: 'Lists',
      status: { messages: 2, uidNext: 3, uidValidity: 1795774808, unseen: 2, highestModseq: '9223372036854775807' },
    });
  });

  it('reads a STATUS with only some attributes, ignoring ones it does not use', () => {
    assert.deepEqual(one('* STATUS "Work/Q1" (UNSEEN 1 SIZE 12345 HIGHESTMODSEQ 4)\r\n'), {
      kind: 'status',
      mailbox: 'Work/Q1',
      status: { unseen: 1, highestModseq: '4' },
    });
  });

  it('reads mailbox names quoted with escapes, as literals, and in modified UTF-7', () => {
    const responses = readAll(
      '* STATUS "say \\"hi\\" \\\\o/" (MESSAGES 1)\r\n' +
        '* STATUS {8}\r\nin {a} b (MESSAGES 1)\r\n' +
        '* STATUS "Re&AOc-us" (MESSAGES 1)\r\n' +
        '* STATUS "&ZeVnLIqe-" (MESSAGES 1)\r\n' +
        '* STATUS inbox (MESSAGES 1)\r\n',
    ).map((response) => (response.kind === 'status' ? response.mailbox : response.kind));
    assert.deepEqual(responses, ['say "hi" \\o/', 'in {a} b', 'Reçus', '日本語', 'INBOX']);
  });

  it('takes Dovecot 2.3 raw UTF-8 names, and ASCII names that are not modified UTF-7 as they stand', () => {
    assert.deepEqual(one('* LIST () "/" {13}\r\nÜnïcode "q"\r\n'), { kind: 'list', mailbox: 'Ünïcode "q"', flags: [], delimiter: '/', oldName: null });
    assert.equal(decodeMailboxName(Buffer.from('R&D')), 'R&D');
    assert.equal(decodeMailboxName(Buffer.from('Tom &- Jerry')), 'Tom & Jerry');
  });

  it('reads LIST notices: created, renamed (OLDNAME), deleted (\\NonExistent), no delimiter', () => {
    assert.deepEqual(one('* LIST () "/" Fresh2 ("OLDNAME" (Fresh))\r\n'), { kind: 'list', mailbox: 'Fresh2', flags: [], delimiter: '/', oldName: 'Fresh' });
    assert.deepEqual(one('* LIST (\\NonExistent) "." "Old.Box"\r\n'), {
      kind: 'list',
      mailbox: 'Old.Box',
      flags: ['\\NonExistent'],
      delimiter: '.',
      oldName: null,
    });
    assert.deepEqual(one('* LIST (\\Subscribed \\HasNoChildren) NIL Flat ("CHILDINFO" ("SUBSCRIBED"))\r\n'), {
      kind: 'list',
      mailbox: 'Flat',
      flags: ['\\Subscribed', '\\HasNoChildren'],
      delimiter: null,
      oldName: null,
    });
  });

  it('reads conditions, codes, capabilities, continuations and tagged answers', () => {
    const [greeting, capability, idle, done, overflow, exists] = readAll(
      '* OK [CAPABILITY IMAP4rev1 IDLE NOTIFY] Dovecot ready.\r\n' +
        '* CAPABILITY IMAP4rev1 notify CONDSTORE\r\n' +
        '+ idling\r\n' +
        'n3 OK Idle completed (0.001 + 0.000 secs).\r\n' +
        '* OK [NOTIFICATIONOVERFLOW] too many\r\n' +
        '* 4 EXISTS\r\n',
    );
    assert.ok(greeting?.kind === 'condition');
    assert.deepEqual(capabilitiesFromCode(greeting.code), ['IMAP4REV1', 'IDLE', 'NOTIFY']);
    assert.equal(greeting.text, 'Dovecot ready.');
    assert.deepEqual(capability, { kind: 'capability', capabilities: ['IMAP4REV1', 'NOTIFY', 'CONDSTORE'] });
    assert.deepEqual(idle, { kind: 'continuation', text: 'idling' });
    assert.deepEqual(done, { kind: 'tagged', tag: 'n3', status: 'OK', code: null, text: 'Idle completed (0.001 + 0.000 secs).' });
    assert.ok(overflow?.kind === 'condition');
    assert.equal(overflow.code?.name, 'NOTIFICATIONOVERFLOW');
    assert.deepEqual(exists, { kind: 'other', name: '4' });
  });

  it('reads a response split anywhere across chunks, literal included', () => {
    const wire = Buffer.from('* STATUS {5}\r\nLists (MESSAGES 7)\r\n* LIST () "/" Box\r\n');
    const reader = new ImapResponseReader(LIMITS);
    const seen: ImapResponse[] = [];
    for (const byte of wire) {
      reader.push(Buffer.from([byte]));
      for (let raw = reader.read(); raw !== null; raw = reader.read()) seen.push(parseResponse(raw, { maxTokens: 50 }));
    }
    assert.deepEqual(seen.map((response) => response.kind), ['status', 'list']);
  });

  it('refuses a huge literal from its announcement alone, before any of it arrives', () => {
    refused('* STATUS {4294967296}\r\n', 'literal-too-large');
    refused('* STATUS {1025}\r\n', 'literal-too-large');
    refused('* STATUS {99999999999999999999}\r\n', 'literal-too-large');
  });

  it('refuses a line longer than the cap before its end arrives, and a response too large in total', () => {
    refused(`* OK ${'x'.repeat(3000)}`, 'line-too-long');
    // Three literals each within the literal cap, together past the response cap: refused at
    // the third one's announcement.
    refused(`* STATUS {1000}\r\n${'a'.repeat(1000)} {1000}\r\n${'b'.repeat(1000)} {1000}\r\n`, 'response-too-large', { ...LIMITS, maxResponseSize: 2500 });
  });

  it('refuses malformed lines instead of guessing', () => {
    for (const wire of [
      '* STATUS Lists (MESSAGES)\r\n',
      '* STATUS Lists (MESSAGES 1 UNSEEN)\r\n',
      '* STATUS Lists (MESSAGES -1)\r\n',
      '* STATUS Lists (MESSAGES 4294967296)\r\n',
      '* STATUS Lists (HIGHESTMODSEQ 9223372036854775808)\r\n',
      '* STATUS Lists (MESSAGES 1\r\n',
      '* STATUS Lists MESSAGES 1\r\n',
      '* STATUS "unterminated (MESSAGES 1)\r\n',
      '* STATUS "bad \\q escape" (MESSAGES 1)\r\n',
      '* STATUS "" (MESSAGES 1)\r\n',
      '* STATUS NIL (MESSAGES 1)\r\n',
      '* STATUS Lists (MESSAGES 1) trailing\r\n',
      '* STATUS {11}\r\nline\r\nbreak (MESSAGES 1)\r\n',
      '* STATUS {3}\r\na\0b (MESSAGES 1)\r\n',
      '* LIST () "//" Box\r\n',
      '* LIST (\\Seen "x") "/" Box\r\n',
      '* LIST () "/" Box ("OLDNAME")\r\n',
      '* LIST () "/" Box ("OLDNAME" (A B))\r\n',
      '* LIST "/" Box\r\n',
      `* LIST () "/" Box (${'('.repeat(40)}${')'.repeat(40)})\r\n`,
      'n1 MAYBE it worked\r\n',
      '* OK [CAPABILITY IMAP4rev1 no end\r\n',
      '*  STATUS x (MESSAGES 1)\r\n',
      '\r\n',
    ]) {
      assert.throws(
        () => readAll(wire),
        (error: unknown) => error instanceof ImapProtocolError && error.problem === 'malformed',
        JSON.stringify(wire),
      );
    }
    assert.throws(() => decodeMailboxName(Buffer.from([0x52, 0xff, 0xfe])), ImapProtocolError);
  });

  it('refuses a response with more values than allowed', () => {
    const reader = new ImapResponseReader(LIMITS);
    reader.push(Buffer.from(`* LIST (${Array.from({ length: 300 }, () => '\\X').join(' ')}) "/" Box\r\n`));
    const raw = reader.read();
    assert.ok(raw);
    assert.throws(() => parseResponse(raw, { maxTokens: 200 }), ImapProtocolError);
  });
});

describe('modified UTF-7', () => {
  it('decodes RFC 3501 5.1.3 examples and refuses what is not valid', () => {
    assert.equal(decodeModifiedUtf7('~peter/mail/&U,BTFw-/&ZeVnLIqe-'), '~peter/mail/台北/日本語');
    assert.equal(decodeModifiedUtf7('&2D3eAA-'), '\u{1F600}');
    for (const invalid of ['&U,BTFw', '&Jjo!-', '&2D0-', '&3gA-', 'caf\u00e9', '&A-']) assert.equal(decodeModifiedUtf7(invalid), null, invalid);
  });
});
