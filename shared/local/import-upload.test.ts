// The page's side of an import, against a recording api: what it encodes, in what order it
// sends, how it stops. Main's side is mail-import.test.ts, and both together against the
// real service are local-transfer.test.ts and hostile-sizes-import.test.ts.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { contract } from '../contract.ts';
import { bytesAsBase64, uploadImport, type ImportSource } from './import-upload.ts';
import { importChunkBytes } from './import-schemas.ts';

type Call = { readonly channel: string; readonly args: Record<string, unknown> };

// Answers as main would, checking each request with the contract's own schema.
function recordingApi(failChunk = -1) {
  const calls: Call[] = [];
  let chunks = 0;
  const invoke = (channel: string, args: Record<string, unknown>) => {
    calls.push({ channel, args });
    const schema = contract[channel as keyof typeof contract].args;
    assert.equal(schema.safeParse(args).success, true, `${channel}'s arguments pass the contract`);
    if (channel === 'beginImport') return Promise.resolve({ ok: true, value: { importId: 'i1' } });
    if (channel === 'importChunk') {
      chunks += 1;
      if (chunks - 1 === failChunk) return Promise.resolve({ ok: false, error: { code: 'storage', message: 'disk full' } });
      return Promise.resolve({ ok: true, value: { imported: chunks } });
    }
    return Promise.resolve({ ok: true, value: { imported: chunks } });
  };
  return { api: { invoke } as unknown as Parameters<typeof uploadImport>[0], calls };
}

function source(name: string, bytes: Uint8Array): ImportSource {
  return Object.assign(new Blob([bytes as Uint8Array<ArrayBuffer>]), { name });
}

const decodedChunks = (calls: readonly Call[], file: number): Buffer =>
  Buffer.concat(calls.filter((call) => call.channel === 'importChunk' && call.args.file === file).map((call) => Buffer.from(call.args.base64 as string, 'base64')));

describe('bytesAsBase64', () => {
  it('encodes as Node does, at every length around its slices', () => {
    const lengths = [0, 1, 2, 3, 0x1fff, 0x2000, 0x2001, 0x4000 + 1, 100_000];
    for (const length of lengths) {
      const bytes = randomBytes(length);
      assert.equal(bytesAsBase64(new Uint8Array(bytes)), bytes.toString('base64'), `${length} bytes`);
    }
  });

  it('uses the engine encoder where the array has one', () => {
    const bytes = Object.assign(new Uint8Array([1, 2, 3]), { toBase64: () => 'native' });
    assert.equal(bytesAsBase64(bytes), 'native');
  });
});

describe('uploadImport', () => {
  it('sends each file in order, in chunks of importChunkBytes, its last chunk marked', async () => {
    const first = randomBytes(importChunkBytes * 2 + 5);
    const second = randomBytes(10);
    const { api, calls } = recordingApi();
    const steps: number[] = [];
    const result = await uploadImport(api, 'f1', [source('a.mbox', first), source('', second)], { mboxFormat: 'mboxo', onProgress: (step) => steps.push(step.sentBytes) });
    assert.deepEqual(result, { ok: true, value: { imported: 4, cancelled: false } });
    assert.deepEqual(calls[0], { channel: 'beginImport', args: { folderId: 'f1', mboxFormat: 'mboxo' } });
    const chunks = calls.filter((call) => call.channel === 'importChunk');
    assert.deepEqual(
      chunks.map((call) => [call.args.file, call.args.fileName, call.args.endOfFile]),
      [[0, 'a.mbox', false], [0, 'a.mbox', false], [0, 'a.mbox', true], [1, 'message.eml', true]],
    );
    assert.deepEqual(decodedChunks(calls, 0), first);
    assert.deepEqual(decodedChunks(calls, 1), second);
    assert.deepEqual(steps, [importChunkBytes, importChunkBytes * 2, first.length, first.length + second.length]);
    assert.deepEqual(calls.at(-1), { channel: 'endImport', args: { importId: 'i1' } });
  });

  it('sends an empty file once, so main knows it ended', async () => {
    const { api, calls } = recordingApi();
    await uploadImport(api, 'f1', [source('empty.eml', new Uint8Array(0))]);
    assert.deepEqual(
      calls.filter((call) => call.channel === 'importChunk').map((call) => [call.args.base64, call.args.endOfFile]),
      [['', true]],
    );
  });

  it('stops when asked, ending the import as cancelled', async () => {
    const { api, calls } = recordingApi();
    let asked = 0;
    const result = await uploadImport(api, 'f1', [source('a.mbox', randomBytes(importChunkBytes * 3))], { cancelled: () => (asked += 1) > 1 });
    assert.deepEqual(result, { ok: true, value: { imported: 1, cancelled: true } });
    assert.deepEqual(calls.map((call) => call.channel), ['beginImport', 'importChunk', 'endImport']);
    assert.deepEqual(calls.at(-1)?.args, { importId: 'i1', cancel: true });
  });

  it("answers a chunk's error, and frees main's side of the import", async () => {
    const { api, calls } = recordingApi(1);
    const result = await uploadImport(api, 'f1', [source('a.mbox', randomBytes(importChunkBytes * 3))]);
    assert.deepEqual(result, { ok: false, error: { code: 'storage', message: 'disk full' } });
    assert.deepEqual(calls.map((call) => call.channel), ['beginImport', 'importChunk', 'importChunk', 'endImport']);
    assert.deepEqual(calls.at(-1)?.args, { importId: 'i1', cancel: true });
  });
});
