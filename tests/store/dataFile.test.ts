/**
 * The data file: one server at a time, errors that name the file and the setting, and a write lock
 * held by another program that delays writes without freezing the server.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Logger } from '../../server/log.ts';
import { openSqliteStore } from '../../server/store/sqlite.ts';
import type { TalkStore } from '../../server/store/types.ts';
import { holdWriteLock } from '../helpers/foreignLock.ts';
import { type Lectern, LecternExited, startLectern } from '../helpers/lectern.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lectern-datafile-'));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

describe('one server per data file', () => {
  it('a second store on the same file is refused, naming the file; it opens once the first closes', async () => {
    const file = path.join(tempDir(), 'talks.sqlite');
    const first = openSqliteStore(file);
    expect(() => openSqliteStore(file)).toThrow(
      `another lectern server is using the data file ${file} (--data / LECTERN_DATA)`,
    );
    // A reader beside the running server (npm run results) is fine.
    const reader = openSqliteStore(file, { mustExist: true });
    await reader.close();
    await first.close();
    const again = openSqliteStore(file);
    await again.close();
  });

  it('npm start refuses to start on a data file another server is using, and says which', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'talks.sqlite');
    const held = openSqliteStore(file);
    cleanups.push(() => held.close());
    const refused = await startLectern({ in: 'child', dataFile: file }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(LecternExited);
    const { code, output } = refused as LecternExited;
    expect(code).toBe(1);
    expect(output).toContain(`another lectern server is using the data file ${file}`);
    expect(output).not.toContain('listening');
  });
});

describe('data-file errors name the file and the setting', () => {
  it('not a database, a missing file that must exist, a folder that is a file', () => {
    const dir = tempDir();
    const notDb = path.join(dir, 'notes.txt');
    fs.writeFileSync(notDb, 'these are my notes, not a database '.repeat(100));
    expect(() => openSqliteStore(notDb)).toThrow(
      `the data file ${notDb} (--data / LECTERN_DATA) is not a lectern data file`,
    );
    const missing = path.join(dir, 'missing.sqlite');
    expect(() => openSqliteStore(missing, { mustExist: true })).toThrow(
      `cannot open the data file ${missing} (--data / LECTERN_DATA)`,
    );
    const underFile = path.join(notDb, 'talks.sqlite');
    expect(() => openSqliteStore(underFile)).toThrow(
      `cannot create the folder of the data file ${underFile} (--data / LECTERN_DATA)`,
    );
  });
});

describe('a write lock held by another program', () => {
  let server: Lectern | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('delays votes until it is released, while the server keeps answering', async () => {
    server = await startLectern();
    const presenter = await server.connect('presenter');
    await presenter.call('poll:open', { pollId: 'q1' });
    const phone = await server.connect('audience');
    const lock = await holdWriteLock(server.dataFile);
    cleanups.push(() => lock.release());

    const order: string[] = [];
    const vote = phone.call('vote', { pollId: 'q1', choice: 1 }).then((reply) => {
      order.push('vote');
      return reply;
    });
    // Not stored yet, so not acknowledged; yet a read answered only from memory comes back at once.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const snapshot = await phone.call('snapshot:get', {});
    order.push('snapshot');
    expect(snapshot.ok).toBe(true);
    await lock.release();
    expect(await vote).toEqual({ ok: true, pollId: 'q1', choice: 1 });
    expect(order).toEqual(['snapshot', 'vote']);
  });

  it('tells the speaker the room is not following until a write goes through, also after a reconnect', async () => {
    server = await startLectern({ busyRetryMs: 200 });
    const presenter = await server.connect('presenter');
    const lock = await holdWriteLock(server.dataFile);
    cleanups.push(() => lock.release());

    expect(await presenter.call('slide:set', { h: 1, v: 0, f: -1 })).toEqual({ ok: false, error: 'internal' });
    expect(await presenter.waitFor('store')).toEqual({ ok: false });
    // Succeeds without writing (the poll is closed already): not a sign that the store works again.
    expect((await presenter.call('poll:close', { pollId: 'q1' })).ok).toBe(true);
    const reloaded = await server.connect('presenter');
    expect(await reloaded.waitFor('store')).toEqual({ ok: false });
    expect(presenter.received.filter((r) => r.event === 'store')).toEqual([{ event: 'store', payload: { ok: false } }]);

    await lock.release();
    expect((await presenter.call('slide:set', { h: 1, v: 0, f: -1 })).ok).toBe(true);
    expect(await reloaded.waitFor('store', (p) => p.ok)).toEqual({ ok: true });
  });

  it('refuses the writes it blocks for too long, naming the file; the next write works', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'talks.sqlite');
    const store: TalkStore = openSqliteStore(file, { busyRetryMs: 300 });
    cleanups.push(() => store.close());
    const lock = await holdWriteLock(file);
    cleanups.push(() => lock.release());
    await expect(store.setSlide('d', { h: 1, v: 0, f: -1 })).rejects.toThrow(
      `the data file ${file} (--data / LECTERN_DATA) is locked by another program`,
    );
    await lock.release();
    expect(await store.setSlide('d', { h: 1, v: 0, f: -1 })).toEqual({ seq: 1 });
  });

  it('the log summarises the refused events in a few lines, not one per event, and says when writes work again', async () => {
    const lines: string[] = [];
    const log: Logger = { info: (line) => lines.push(line), warn: (line) => lines.push(line) };
    server = await startLectern({ log, busyRetryMs: 50, failureReportMs: 200 });
    const presenter = await server.connect('presenter');
    await presenter.call('poll:open', { pollId: 'q1' });
    const phones = await Promise.all(Array.from({ length: 10 }, () => server!.connect('audience')));
    const lock = await holdWriteLock(server.dataFile);
    cleanups.push(() => lock.release());
    const replies = await Promise.all(
      phones.flatMap((phone) =>
        Array.from({ length: 8 }, (_, i) => phone.call('vote', { pollId: 'q1', choice: i % 3 })),
      ),
    );
    expect(replies.every((r) => !r.ok && r.error === 'internal')).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const during = lines.length;
    expect(during).toBeGreaterThanOrEqual(1);
    expect(during).toBeLessThanOrEqual(4);
    expect(lines[0]).toContain(`${server.dataFile} (--data / LECTERN_DATA) is locked by another program`);
    await lock.release();
    expect(await phones[0]!.call('vote', { pollId: 'q1', choice: 1 })).toMatchObject({ ok: true });
    expect(lines.at(-1)).toMatch(/^working again: 80 events failed over/);
  });
});
