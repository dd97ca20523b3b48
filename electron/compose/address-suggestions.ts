import type { DatabaseSync } from 'node:sqlite';
import type { AddressSuggestion } from '../../shared/compose/compose-types.ts';
import { asPromise } from '../store/as-promise.ts';
import { readText } from '../store/row-values.ts';

export type AddressSuggestions = {
  suggest(query: string, limit: number): Promise<readonly AddressSuggestion[]>;
};

// How many of the newest messages are looked at: enough for anyone written to lately,
// bounded so a keystroke stays fast on a mailbox of 100,000 messages.
const RECENT_MESSAGES = 20_000;

// Addresses from the From, To and Cc of cached messages, ranked by how often they appear
// and how lately (each appearance counts more the newer it is: a half-life of 90 days).
export function createAddressSuggestions(database: DatabaseSync): AddressSuggestions {
  const select = database.prepare(`
    WITH recent AS (SELECT from_json, to_json, cc_json, date FROM messages ORDER BY date DESC LIMIT ${RECENT_MESSAGES}),
    people AS (
      SELECT json_extract(recent.from_json, '$.address') AS address, json_extract(recent.from_json, '$.name') AS name, date
        FROM recent WHERE recent.from_json IS NOT NULL
      UNION ALL
      SELECT json_extract(value, '$.address'), json_extract(value, '$.name'), date FROM recent, json_each(recent.to_json)
      UNION ALL
      SELECT json_extract(value, '$.address'), json_extract(value, '$.name'), date FROM recent, json_each(recent.cc_json)
    )
    SELECT lower(address) AS address, MAX(name) AS name,
      SUM(1.0 / (1.0 + MAX(0, (? - date)) / 7776000000.0)) AS score
    FROM people
    WHERE address IS NOT NULL AND address <> '' AND (lower(address) LIKE ? ESCAPE '\\' OR lower(name) LIKE ? ESCAPE '\\')
    GROUP BY lower(address)
    ORDER BY score DESC, address
    LIMIT ?`);

  return {
    suggest: (query, limit) =>
      asPromise(() => {
        const needle = query.trim().toLowerCase();
        if (needle === '') return [];
        const escaped = needle.replace(/[\\%_]/g, (character) => `\\${character}`);
        const words = `%${escaped}%`;
        return select.all(Date.now(), `${escaped}%`, words, limit).map((row) => ({
          address: readText(row, 'address'),
          name: typeof row.name === 'string' ? row.name : '',
        }));
      }),
  };
}
