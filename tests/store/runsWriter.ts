/**
 * A process that writes a rehearsal, starts the real run and then casts ballots into it until it is
 * killed, printing `acked <phone>` once each ballot is durable. For `runsMigration.test.ts`.
 */
import { openSqliteStore } from '../../server/store/sqlite.ts';
import { INITIAL_POLL } from '../../server/talk/records.ts';

const store = openSqliteStore(process.argv[2]!);
const open = { ...INITIAL_POLL, phase: 'open' as const };
await store.newRun('deck', { name: 'rehearsal', rehearsal: true });
await store.updatePoll('deck', 'q1', INITIAL_POLL, open, false);
await store.castBallot('deck', 'q1', 'rehearsal-phone', 0);
await store.newRun('deck', { name: 'the talk', rehearsal: false });
await store.updatePoll('deck', 'q1', INITIAL_POLL, open, false);
// Bounded: the test kills it long before the end.
for (let i = 0; i < 100_000; i++) {
  const phone = `phone-${i}`;
  void store.castBallot('deck', 'q1', phone, i % 4).then(() => process.stdout.write(`acked ${phone}\n`));
  if (i % 20 === 19) await new Promise((resolve) => setImmediate(resolve));
}
