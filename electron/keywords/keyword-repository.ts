import type { DatabaseSync } from 'node:sqlite';
import { LetterboxError } from '../../shared/errors.ts';
import { canonicalAtom, equivalentAtoms, isHiddenKeyword } from '../../shared/keywords/keyword-atom.ts';
import type { Keyword } from '../../shared/keywords/keyword-types.ts';
import { asPromise } from '../store/as-promise.ts';
import { readBoolean, readInteger, readOptionalText, readText, type Row } from '../store/row-values.ts';
import { runInTransaction } from '../store/transaction.ts';

export type KeywordChange = { readonly atom?: string; readonly label?: string; readonly colour?: string };

export type KeywordRepository = {
  // The definitions in their order, then keywords found on cached messages that were never
  // defined here (set by other clients), under their own names.
  list(): Promise<readonly Keyword[]>;
  get(atom: string): Promise<Keyword | null>;
  create(atom: string, label: string, colour: string, now: number): Promise<Keyword>;
  update(atom: string, change: KeywordChange): Promise<Keyword>;
  remove(atom: string): Promise<void>;
  // Ids of cached messages carrying the keyword under any of its spellings.
  messagesCarrying(atom: string): Promise<readonly string[]>;
};

export function createKeywordRepository(database: DatabaseSync): KeywordRepository {
  const selectAll = database.prepare('SELECT * FROM keywords ORDER BY position, id');
  const selectOne = database.prepare('SELECT * FROM keywords WHERE atom = ?');
  const selectLabel = database.prepare('SELECT atom FROM keywords WHERE lower(label) = lower(?) AND atom <> ?');
  const selectSeen = database.prepare('SELECT DISTINCT k.value AS atom FROM messages m, json_each(m.keywords_json) k');
  const insert = database.prepare(
    'INSERT INTO keywords (atom, label, colour, position, created_at) VALUES (?, ?, ?, (SELECT coalesce(max(position), 0) + 1 FROM keywords), ?)',
  );
  const updateRow = database.prepare('UPDATE keywords SET atom = ?, label = ?, colour = ?, local_only = ? WHERE atom = ?');
  const deleteRow = database.prepare('DELETE FROM keywords WHERE atom = ?');
  const renameLocal = database.prepare('UPDATE OR REPLACE local_keywords SET atom = ? WHERE atom = ?');
  const deleteLocal = database.prepare('DELETE FROM local_keywords WHERE atom = ?');
  const selectCarrying = database.prepare(
    'SELECT m.id FROM messages m WHERE EXISTS (SELECT 1 FROM json_each(m.keywords_json) k WHERE lower(k.value) IN (SELECT lower(value) FROM json_each(?)))',
  );

  function toKeyword(row: Row): Keyword {
    return {
      atom: readText(row, 'atom'),
      label: readText(row, 'label'),
      colour: readOptionalText(row, 'colour'),
      localOnly: readBoolean(row, 'local_only'),
      defined: true,
    };
  }

  function getOne(atom: string): Keyword | null {
    const row = selectOne.get(atom);
    return row ? toKeyword(row) : null;
  }

  function requireOne(atom: string): Keyword {
    const keyword = getOne(atom);
    if (keyword === null) throw new LetterboxError('not-found', `There is no keyword "${atom}" any more. Choose another.`);
    return keyword;
  }

  function refuseTakenLabel(label: string, exceptAtom: string): void {
    if (selectLabel.get(label, exceptAtom)) throw new LetterboxError('already-exists', `A keyword named "${label}" exists already.`);
  }

  function list(): readonly Keyword[] {
    const defined = selectAll.all().map(toKeyword);
    const known = new Set(defined.map((keyword) => canonicalAtom(keyword.atom).toLowerCase()));
    const found: Keyword[] = [];
    for (const row of selectSeen.all()) {
      const atom = readText(row, 'atom');
      const key = canonicalAtom(atom).toLowerCase();
      if (isHiddenKeyword(atom) || known.has(key)) continue;
      known.add(key);
      found.push({ atom, label: atom, colour: null, localOnly: false, defined: false });
    }
    found.sort((a, b) => a.label.localeCompare(b.label));
    return [...defined, ...found];
  }

  function create(atom: string, label: string, colour: string, now: number): Keyword {
    const existing = getOne(atom);
    if (existing !== null) throw new LetterboxError('already-exists', `A keyword named "${existing.label}" exists already.`);
    refuseTakenLabel(label, atom);
    insert.run(atom, label, colour, now);
    return requireOne(atom);
  }

  function update(atom: string, change: KeywordChange): Keyword {
    const current = requireOne(atom);
    const nextAtom = change.atom ?? current.atom;
    if (nextAtom.toLowerCase() !== current.atom.toLowerCase() && getOne(nextAtom) !== null) {
      throw new LetterboxError('already-exists', `A keyword named "${change.label ?? nextAtom}" exists already.`);
    }
    const label = change.label ?? current.label;
    refuseTakenLabel(label, current.atom);
    // A new atom starts out storable; the next replay says otherwise if it is not.
    const localOnly = nextAtom === current.atom ? current.localOnly : false;
    updateRow.run(nextAtom, label, change.colour ?? current.colour, localOnly ? 1 : 0, current.atom);
    if (nextAtom !== current.atom) renameLocal.run(nextAtom, current.atom);
    return requireOne(nextAtom);
  }

  return {
    list: () => asPromise(list),
    get: (atom) => asPromise(() => getOne(atom)),
    create: (atom, label, colour, now) => asPromise(() => runInTransaction(database, () => create(atom, label, colour, now))),
    update: (atom, change) => asPromise(() => runInTransaction(database, () => update(atom, change))),
    remove: (atom) =>
      asPromise(() => {
        runInTransaction(database, () => {
          deleteRow.run(atom);
          deleteLocal.run(atom);
        });
      }),
    messagesCarrying: (atom) =>
      asPromise(() => selectCarrying.all(JSON.stringify(equivalentAtoms(atom))).map((row) => String(readInteger(row, 'id')))),
  };
}
