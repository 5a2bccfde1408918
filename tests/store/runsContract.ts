/**
 * What every `TalkStore` must do with runs: a talk given many times keeps each giving apart. Run by
 * `describeStoreContract` for every store.
 */
import { expect, it } from 'vitest';
import type { TalkStore } from '../../server/store/types.ts';
import { INITIAL_POLL, type PollRecord } from '../../server/talk/records.ts';
import type { StoreHarness } from './contract.ts';

const open: PollRecord = { phase: 'open', showResults: false, round: 0 };
const revealed: PollRecord = { phase: 'revealed', showResults: false, round: 0 };

const byClient = <T extends { clientId: string }>(rows: T[]) =>
  rows.sort((a, b) => a.clientId.localeCompare(b.clientId));

/** A rehearsal: the slide moved, q1 revealed with two ballots, one rating. */
async function rehearse(store: TalkStore): Promise<void> {
  await store.setSlide('deck-a', { h: 3, v: 0, f: -1 });
  await store.updatePoll('deck-a', 'q1', INITIAL_POLL, open, false);
  await store.castBallot('deck-a', 'q1', 'phone-1', 2);
  await store.castBallot('deck-a', 'q1', 'phone-2', 1);
  await store.updatePoll('deck-a', 'q1', open, revealed, false);
  await store.rate('deck-a', 'phone-1', 4);
}

export function runsContract(context: () => { harness: StoreHarness; store: TalkStore; replace(s: TalkStore): void }) {
  it('starts runs one after another, each clean, the old one kept as it was', async () => {
    const { store } = context();
    expect(await store.runs('deck-a')).toEqual([]);
    const first = await store.newRun('deck-a', { name: 'rehearsal', rehearsal: true });
    expect(first).toMatchObject({ run: { id: 1, name: 'rehearsal', rehearsal: true, endedAt: null }, seq: 0 });
    await rehearse(store);
    const before = await store.load('deck-a');
    const second = await store.newRun('deck-a', { name: 'Berlin meetup', rehearsal: false });
    // Its changes are newer than anything the phones saw in the rehearsal.
    expect(second.seq).toBe(before.seq);
    expect(second.run).toMatchObject({ id: 2, name: 'Berlin meetup', rehearsal: false, endedAt: null });
    expect(await store.load('deck-a')).toEqual({
      seq: second.seq,
      slide: null,
      polls: {},
      ballots: [],
      ratings: [],
      questions: [],
      upvotes: [],
      lost: [],
    });
    expect(await store.load('deck-a', 1)).toEqual(before);
    const runs = await store.runs('deck-a');
    expect(runs.map((r) => [r.id, r.name, r.rehearsal])).toEqual([
      [1, 'rehearsal', true],
      [2, 'Berlin meetup', false],
    ]);
    expect(runs[0]!.endedAt).toBeGreaterThanOrEqual(runs[0]!.startedAt);
    expect(runs[1]!.endedAt).toBeNull();
    // The new run's poll starts closed: a phone from the rehearsal cannot vote into it.
    expect(await store.castBallot('deck-a', 'q1', 'phone-1', 0)).toEqual({ ok: false, error: 'poll-closed' });
    expect(await store.rate('deck-a', 'phone-1', 2)).toEqual({ previous: null });
    expect(await store.setSlide('deck-a', { h: 1, v: 0, f: -1 })).toEqual({ seq: second.seq + 1 });
    expect((await store.load('deck-a', 1)).ratings).toEqual([{ clientId: 'phone-1', score: 4 }]);
    expect(await store.runs('deck-b')).toEqual([]);
  });

  it('keeps the room\'s questions, upvotes and "lost me" in their run: a new run starts without them', async () => {
    const { store } = context();
    await store.newRun('deck-a', { name: 'rehearsal', rehearsal: true });
    const asked = {
      id: 'q-run-1',
      clientId: 'asker',
      text: 'Will this be recorded?',
      name: null,
      key: 'will this be recorded',
      state: 'approved' as const,
      askedAt: 1_700_000_000_000,
      votes: 0,
    };
    await store.askQuestion('deck-a', asked);
    await store.upvoteQuestion('deck-a', 'q-run-1', 'phone-1', true);
    await store.setLost('deck-a', { h: 2, v: 0 }, 'phone-1', true);
    const holding = context().harness.roomKeysHolding;
    // Every room key the store has holds something now, and nothing once the new run started.
    const keysWith = async (held: boolean) =>
      Object.entries((await holding?.('deck-a')) ?? {})
        .filter(([, holds]) => holds === held)
        .map(([name]) => name);
    expect(await keysWith(false)).toEqual([]);
    await store.newRun('deck-a', { name: 'the talk', rehearsal: false });
    expect(await keysWith(true)).toEqual([]);

    const fresh = await store.load('deck-a');
    expect([fresh.questions, fresh.upvotes, fresh.lost]).toEqual([[], [], []]);
    // The same phone may ask the same question and say "lost me" on the same slide again.
    expect(await store.askQuestion('deck-a', { ...asked, id: 'q-run-2' })).toMatchObject({ merged: false });
    expect(await store.setLost('deck-a', { h: 2, v: 0 }, 'phone-1', true)).toEqual({ changed: true });

    const rehearsal = await store.load('deck-a', 1);
    expect(rehearsal.questions).toEqual([{ ...asked, votes: 1 }]);
    expect(rehearsal.upvotes).toEqual([{ questionId: 'q-run-1', clientId: 'phone-1' }]);
    expect(rehearsal.lost).toEqual([{ h: 2, v: 0, clientId: 'phone-1' }]);
  });

  it('puts each write that races a new run into exactly one run: before it in the old, after it in the new', async () => {
    const { store } = context();
    await store.newRun('deck-a', { name: 'first', rehearsal: false });
    await store.updatePoll('deck-a', 'q1', INITIAL_POLL, open, false);
    const phones = Array.from({ length: 60 }, (_, i) => `phone-${String(i).padStart(2, '0')}`);
    const early = phones.slice(0, 30).map((p, i) => store.castBallot('deck-a', 'q1', p, i % 3));
    const early2 = phones.slice(0, 30).map((p) => store.rate('deck-a', p, 5));
    const turn = store.newRun('deck-a', { name: 'second', rehearsal: false });
    const late = phones.slice(30).map((p, i) => store.castBallot('deck-a', 'q1', p, i % 3));
    const late2 = phones.slice(30).map((p) => store.rate('deck-a', p, 3));
    expect((await Promise.all(early)).every((r) => r.ok)).toBe(true);
    await Promise.all([...early2, turn, ...late2]);
    expect(await Promise.all(late)).toEqual(phones.slice(30).map(() => ({ ok: false, error: 'poll-closed' })));
    const old = await store.load('deck-a', 1);
    expect(old.ballots).toHaveLength(30);
    expect([0, 1, 2].map((c) => old.ballots.filter((b) => b.choice === c).length)).toEqual([10, 10, 10]);
    expect(byClient(old.ratings).map((r) => r.score)).toEqual(phones.slice(0, 30).map(() => 5));
    const now = await store.load('deck-a');
    expect(now.ballots).toEqual([]);
    expect(byClient(now.ratings)).toEqual(phones.slice(30).map((clientId) => ({ clientId, score: 3 })));
  });

  it('keeps each run’s timeline: slide changes in order and audience samples', async () => {
    const { store } = context();
    await store.newRun('deck-a', { name: 'first', rehearsal: false });
    const t0 = Date.now();
    await store.setSlide('deck-a', { h: 1, v: 0, f: -1 });
    await store.recordAudience('deck-a', 12);
    await store.setSlide('deck-a', { h: 1, v: 0, f: 0 });
    await store.setSlide('deck-a', { h: 2, v: 1, f: -1 });
    await store.recordAudience('deck-a', 30);
    await store.newRun('deck-a', { name: 'second', rehearsal: false });
    await store.setSlide('deck-a', { h: 5, v: 0, f: -1 });
    const first = await store.timeline('deck-a', 1);
    expect(first.slides.map(({ h, v, f }) => [h, v, f])).toEqual([
      [1, 0, -1],
      [1, 0, 0],
      [2, 1, -1],
    ]);
    expect(first.audience.map((s) => s.count)).toEqual([12, 30]);
    const stamps = [...first.slides.map((s) => s.at), ...first.audience.map((s) => s.at)];
    // Redis stamps by its own clock, which may be a little off this process's.
    for (const at of stamps) expect(Math.abs(at - t0)).toBeLessThan(60_000);
    expect((await store.timeline('deck-a')).slides.map((s) => s.h)).toEqual([5]);
    expect((await store.timeline('deck-a', 2)).slides.map((s) => s.h)).toEqual([5]);
    expect(await store.timeline('deck-a', 9)).toEqual({ slides: [], audience: [] });
  });

  it('resumes the current run after a restart, every run and timeline intact', async () => {
    const { harness, store, replace } = context();
    if (!harness.reopen) return;
    await store.newRun('deck-a', { name: 'rehearsal', rehearsal: true });
    await rehearse(store);
    await store.newRun('deck-a', { name: 'the talk', rehearsal: false });
    await store.setSlide('deck-a', { h: 2, v: 0, f: -1 });
    await store.recordAudience('deck-a', 40);
    const before = {
      runs: await store.runs('deck-a'),
      current: await store.load('deck-a'),
      old: await store.load('deck-a', 1),
      timeline: await store.timeline('deck-a', 1),
    };
    const reopened = await harness.reopen();
    replace(reopened);
    expect({
      runs: await reopened.runs('deck-a'),
      current: await reopened.load('deck-a'),
      old: await reopened.load('deck-a', 1),
      timeline: await reopened.timeline('deck-a', 1),
    }).toEqual(before);
    // Writes go on into the run that was current.
    await reopened.setSlide('deck-a', { h: 3, v: 0, f: -1 });
    expect((await reopened.timeline('deck-a')).slides.map((s) => s.h)).toEqual([2, 3]);
  });

  it('ensures one first run, however many servers ask at once, and then keeps returning the current run', async () => {
    const { store } = context();
    const asked = await Promise.all(
      Array.from({ length: 5 }, (_, i) => store.ensureRun('deck-a', { name: `node ${i}`, rehearsal: false })),
    );
    expect(new Set(asked.map((r) => r.id))).toEqual(new Set([1]));
    expect(new Set(asked.map((r) => r.name))).toEqual(new Set(['node 0']));
    expect((await store.runs('deck-a')).map((r) => r.id)).toEqual([1]);
    await store.newRun('deck-a', { name: 'the talk', rehearsal: true });
    expect(await store.ensureRun('deck-a', { name: 'ignored', rehearsal: false })).toMatchObject({
      id: 2,
      name: 'the talk',
      rehearsal: true,
      endedAt: null,
    });
    // A deck written before runs: its data is run 1, kept as it is.
    await store.rate('deck-c', 'phone-1', 5);
    expect(await store.ensureRun('deck-c', { name: 'ignored', rehearsal: false })).toMatchObject({
      id: 1,
      endedAt: null,
    });
    expect((await store.load('deck-c')).ratings).toEqual([{ clientId: 'phone-1', score: 5 }]);
  });

  it('gives a deck written before any run was started one run, current', async () => {
    const { store } = context();
    await store.rate('deck-c', 'phone-1', 5);
    const runs = await store.runs('deck-c');
    expect(runs.map((r) => [r.id, r.endedAt])).toEqual([[1, null]]);
    const next = await store.newRun('deck-c', { name: 'next', rehearsal: false });
    expect(next.run.id).toBe(2);
    expect((await store.load('deck-c', 1)).ratings).toEqual([{ clientId: 'phone-1', score: 5 }]);
  });
}
