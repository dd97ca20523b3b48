import { readFile } from 'node:fs/promises';
import { LetterboxError } from '../../shared/errors.ts';
import { writeFileAtomically } from './write-file-atomically.ts';

// A small map from reference to an encoded value, kept in one 0600 JSON file.
// Writes are serialised so two quick set() calls cannot lose one another's change.
export type SecretFile = {
  read(): Promise<Readonly<Record<string, string>>>;
  update(change: (entries: Record<string, string>) => void): Promise<void>;
};

export function openSecretFile(path: string): SecretFile {
  let queue: Promise<unknown> = Promise.resolve();

  async function read(): Promise<Record<string, string>> {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw new LetterboxError('storage', 'Letterbox could not read its password file.');
    }
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new LetterboxError('storage', 'The password file of Letterbox is damaged.');
    }
    const entries: Record<string, string> = {};
    for (const [key, value] of Object.entries(parsed)) {
      if (typeof value === 'string') entries[key] = value;
    }
    return entries;
  }

  function serialised<T>(work: () => Promise<T>): Promise<T> {
    const next = queue.then(work, work);
    queue = next.catch(() => undefined);
    return next;
  }

  return {
    read() {
      return serialised(read);
    },
    update(change) {
      return serialised(async () => {
        const entries = await read();
        change(entries);
        await writeFileAtomically(path, `${JSON.stringify(entries, null, 2)}\n`, 0o600);
      });
    },
  };
}
