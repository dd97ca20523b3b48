import { subjectParts } from '../../../shared/threads/base-subject.ts';
import type { Migration } from '../migration.ts';
import { readInteger, readText } from '../row-values.ts';

// Conversations (docs/decisions.md, "Threads"): each message gets the thread it belongs to,
// computed when it is stored (electron/threads/thread-indexer.ts). A thread spans the
// folders of one account, so a reply filed in Sent joins the conversation in the Inbox.
// thread_keys maps every Message-ID seen in a message or its References / In-Reply-To to
// its thread, including ids of messages not (or not yet) cached, so a reply that arrives
// before its parent still meets it there (RFC 5256 3, the "dummy" messages of REFERENCES).
export const threadsMigration: Migration = {
  version: 15,
  name: 'threads',
  up(database) {
    database.exec(`
      CREATE TABLE threads (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE
      ) STRICT;

      CREATE TABLE thread_keys (
        account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
        message_key TEXT NOT NULL,
        thread_id INTEGER NOT NULL,
        PRIMARY KEY (account_id, message_key)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX thread_keys_by_thread ON thread_keys (thread_id);

      -- references_json NULL: cached before this migration, References never read.
      ALTER TABLE messages ADD COLUMN in_reply_to TEXT;
      ALTER TABLE messages ADD COLUMN references_json TEXT;
      -- RFC 5256 2.1 base subject, and whether the message is a reply known only by its
      -- subject ("Re:" without References or In-Reply-To), which joins a thread by subject.
      ALTER TABLE messages ADD COLUMN thread_subject TEXT NOT NULL DEFAULT '';
      ALTER TABLE messages ADD COLUMN subject_only_reply INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE messages ADD COLUMN thread_id INTEGER;
      -- Without the rows still waiting for a thread (messages_unthreaded has those).
      CREATE INDEX messages_by_thread ON messages (thread_id) WHERE thread_id IS NOT NULL;
      CREATE INDEX messages_by_thread_subject ON messages (thread_subject, date DESC, id DESC) WHERE thread_subject <> '';
      CREATE INDEX messages_subject_only_replies ON messages (thread_subject) WHERE subject_only_reply = 1;
      CREATE INDEX messages_unthreaded ON messages (id) WHERE thread_id IS NULL;
    `);
    // Messages cached before: their subjects are known, their References are not; they
    // are threaded by Message-ID and subject when the store next assigns threads.
    const update = database.prepare('UPDATE messages SET thread_subject = ?, subject_only_reply = ? WHERE id = ?');
    for (const row of database.prepare('SELECT id, subject FROM messages').iterate()) {
      const parts = subjectParts(readText(row, 'subject'));
      update.run(parts.base, parts.isReply ? 1 : 0, readInteger(row, 'id'));
    }
  },
};
