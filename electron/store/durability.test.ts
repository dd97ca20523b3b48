import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { assertDurable, durabilityProblems, readDurability } from './durability.ts';
import { databaseFileName, openDatabase } from './open-database.ts';
import { openConnection, walSizeLimitBytes } from './open-connection.ts';
import { makeTempDir } from './test-fixtures.ts';

describe('the store checks its durability settings at open', () => {
  let dir: ReturnType<typeof makeTempDir>;
  beforeEach(() => {
    dir = makeTempDir();
  });
  afterEach(() => {
    dir.remove();
  });

  it('opens the store in WAL mode with synchronous FULL', () => {
    const database = openDatabase(dir.path);
    try {
      const durability = readDurability(database);
      assert.equal(durability.journalMode, 'wal');
      assert.equal(durability.synchronous, 2);
    } finally {
      database.close();
    }
  });

  it('gives back the disk a large write took in the WAL once it is checkpointed', () => {
    const database = openConnection(dir.path);
    const walBytes = () => statSync(join(dir.path, `${databaseFileName}-wal`)).size;
    try {
      database.exec('CREATE TABLE sources (source BLOB)');
      database.prepare('INSERT INTO sources VALUES (?)').run(new Uint8Array(3 * walSizeLimitBytes));
      assert.ok(walBytes() > 3 * walSizeLimitBytes, 'the write went through the WAL');
      // The commit's checkpoint copied it into the database; the next write starts the WAL
      // over, and cuts the file back.
      database.prepare('INSERT INTO sources VALUES (?)').run(new Uint8Array(1000));
      assert.ok(walBytes() <= walSizeLimitBytes, `the WAL is ${walBytes()} bytes`);
    } finally {
      database.close();
    }
  });

  it('refuses a connection that would not make each commit durable', () => {
    const database = new DatabaseSync(join(dir.path, databaseFileName));
    try {
      // A rollback journal and synchronous NORMAL: a commit may be lost in a power cut.
      database.exec('PRAGMA journal_mode = DELETE');
      database.exec('PRAGMA synchronous = NORMAL');
      assert.throws(() => { assertDurable(database, 'linux'); }, /journal_mode is delete, not wal; synchronous is 1, not 2 \(FULL\)/);
      database.exec('PRAGMA journal_mode = WAL');
      database.exec('PRAGMA synchronous = FULL');
      assert.doesNotThrow(() => { assertDurable(database, 'linux'); });
    } finally {
      database.close();
    }
  });

  it('asks for fullfsync on macOS, where fsync stops at the drive cache', () => {
    const durable = { journalMode: 'wal', synchronous: 2, fullfsync: false, checkpointFullfsync: false };
    assert.deepEqual(durabilityProblems(durable, 'linux'), []);
    assert.match(durabilityProblems(durable, 'darwin').join(), /fullfsync is off/);
    assert.deepEqual(durabilityProblems({ ...durable, fullfsync: true, checkpointFullfsync: true }, 'darwin'), []);
    // assertDurable turns it on itself (the pragma exists on every platform; only macOS acts on it).
    const database = new DatabaseSync(join(dir.path, databaseFileName));
    try {
      database.exec('PRAGMA journal_mode = WAL');
      database.exec('PRAGMA synchronous = FULL');
      assertDurable(database, 'darwin');
      assert.equal(readDurability(database).fullfsync, true);
      assert.equal(readDurability(database).checkpointFullfsync, true);
    } finally {
      database.close();
    }
  });
});
