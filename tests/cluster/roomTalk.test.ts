/**
 * The room talking back across two nodes: a question asked through one node shows, upvoted, on the
 * other; "lost me" said on one reaches the speaker on the other; reactions tapped on one reach the
 * projector on the other; the pointer and the reactions switch go everywhere.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/protocol.ts';
import { type Lectern, type LecternNode, startLectern } from '../helpers/lectern.ts';
import { connectPhone, type Phone } from './phones.ts';

let cluster: Lectern;
let nodes: LecternNode[];
const phones: Phone[] = [];

beforeAll(async () => {
  cluster = await startLectern({ in: 'child', store: 'redis', nodes: 2 });
  nodes = cluster.nodes;
});
afterAll(async () => {
  for (const phone of phones) phone.close();
  await cluster?.close();
});

async function connect(node: LecternNode, role: Role = 'audience', clientId?: string) {
  const phone = await connectPhone(node.url, { role, clientId });
  phones.push(phone);
  return phone;
}

describe('many nodes: the room talks back', () => {
  it('shares questions, upvotes, "lost me", reactions and the pointer between the nodes', async () => {
    const [a, b] = nodes as [LecternNode, LecternNode];
    const speaker = await connect(a, 'presenter');
    const projectorOnB = await connect(b, 'projector');
    const onA = await connect(a);
    const onB = await connect(b);

    // Asked through A, upvoted at once through B (B has not read it yet: it reads before refusing).
    const asked = await onA.call('question:ask', { text: 'Does Raft need an odd number of nodes?' });
    if (!asked.ok) throw new Error(asked.error);
    const questionId = asked.question.id;
    expect(await onB.call('question:upvote', { questionId, up: true })).toMatchObject({ ok: true, votes: 1 });
    // The same question asked through B merges into it.
    expect(await onB.call('question:ask', { text: 'does raft need an ODD number of nodes' })).toMatchObject({
      ok: true,
      merged: true,
      question: { id: questionId },
    });
    await onB.until('the question on B', ({ state }) => state.room?.board.questions[0]?.id === questionId);
    await speaker.until('one vote on A', ({ state }) => state.room?.board.questions[0]?.votes === 1);
    // A phone reconnecting to the other node sees its own upvote.
    const again = await connect(a, 'audience', onB.clientId);
    expect(again.state.room?.yourUpvotes).toEqual([questionId]);
    // Hidden through A: gone on B's phones.
    await speaker.call('question:set', { questionId, state: 'hidden' });
    await onB.until('the hidden question gone on B', ({ state }) => state.room?.board.total === 0);

    // "Lost me" through B, counted for the speaker on A.
    await onB.call('lost:set', { h: 1, v: 0, lost: true });
    await onA.call('lost:set', { h: 1, v: 0, lost: true });
    await speaker.until('two lost on A', ({ state }) => state.room?.lost?.[0]?.count === 2);

    // Reactions tapped through A reach the projector on B, per window.
    await Promise.all([onA.call('react', { reaction: 0 }), onA.call('react', { reaction: 3 })]);
    await projectorOnB.until('the reactions on B', ({ reactions }) => reactions[0] === 1 && reactions[3] === 1);

    // The pointer from A reaches B's phones and projector; the switch too.
    await speaker.call('pointer', { h: 1, v: 0, mode: 'laser', x: 0.4, y: 0.6, stroke: 0 });
    await onB.until('the pointer on B', ({ pointers }) => pointers.some((p) => p.x === 0.4 && p.y === 0.6));
    await projectorOnB.until('the pointer on the projector on B', ({ pointers }) =>
      pointers.some((p) => p.x === 0.4 && p.y === 0.6),
    );
    await speaker.call('reactions:set', { on: false });
    await onB.until('reactions off on B', ({ state }) => state.room?.reactions === false);
    expect(await onB.call('react', { reaction: 1 })).toEqual({ ok: false, error: 'turned-off' });
  });
});
