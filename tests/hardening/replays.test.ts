/**
 * Replays on one server (SQLite): 50 votes from one phone with replays, retries and dropped sessions
 * leave exactly one ballot, the last acknowledged choice, in the talk, in the file and after a restart.
 * The same over two Redis nodes is in `replaysCluster.test.ts`.
 */
import Database from 'better-sqlite3';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { recordFigure } from './harness/figures.ts';
import { type ReplayRun, replayFigure, runReplays } from './scenarios/replays.ts';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});
/** One run in `npm test` (paced to the rate limit, ~12 s); the stress run does three. */
const SEEDS = [50, 51, 52].slice(0, Number(process.env.LECTERN_REPLAY_RUNS ?? 1));
const runs: ReplayRun[] = [];
afterAll(() => {
  recordFigure(replayFigure('SQLite', runs, SEEDS.length, 'also after a restart'));
});

const PHONE = 'replaying-phone-0001';

describe('replays', () => {
  for (const seed of SEEDS) {
    it(`one phone, 50 votes with replays and retries: one ballot, the last acknowledged (seed ${seed})`, async () => {
      server = await startTestServer();
      const presenter = await server.connect('presenter');
      await presenter.call('poll:open', { pollId: 'q2' });

      const run = await runReplays({
        urls: [server.url],
        deck: server.deck,
        clientId: PHONE,
        pollId: 'q2',
        choices: 4,
        seed,
      });
      expect(run.votes).toBe(50);
      expect(run.replays + run.retries).toBeGreaterThan(5);

      const counts = [0, 0, 0, 0];
      counts[run.lastAcked] = 1;
      const tally = await presenter.call('snapshot:get', {});
      expect(tally.ok && tally.snapshot.polls[1]!.tally).toEqual({ counts, voters: 1 });

      const db = new Database(server.dataFile, { readonly: true });
      const rows = db.prepare('SELECT client_id AS clientId, choice FROM ballots WHERE poll_id = ?').all('q2');
      db.close();
      expect(rows).toEqual([{ clientId: PHONE, choice: run.lastAcked }]);

      // And after a restart on the same file.
      const { dir } = server;
      await server.close({ keepFiles: true });
      server = await startTestServer({ dir });
      const phone = await server.connect('audience', { clientId: PHONE });
      expect(phone.snapshot.polls[1]!.yourChoice).toBe(run.lastAcked);
      runs.push(run);
    });
  }
});
