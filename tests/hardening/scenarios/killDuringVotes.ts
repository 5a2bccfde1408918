/**
 * `kill -9` the server while 300 phones vote (2,400 votes, changed minds included), once
 * 1,200 are acknowledged and hundreds are in flight; restart it. Every acknowledged vote is there (the
 * last acknowledged choice, or a later one the server took but could not answer), and SQLite's
 * integrity check passes. On two Redis nodes, one node is killed; its phones' votes are checked in Redis.
 */
import path from 'node:path';
import type { VoteRecord } from '../harness/crowd.ts';
import { count, type Figure, recordFigure } from '../harness/figures.ts';
import { forkChild } from '../harness/ipcChild.ts';
import { integrityCheck, MODE_NAMES, type StressMode, startStressRoom } from '../harness/stressRoom.ts';

const PHONES = 300;
const ROUNDS = 8;
const KILL_AT_ACKS = 1200;
const POLLS = ['q1', 'q2'];

export interface KillResult {
  figure: Figure;
  acked: number;
  lost: string[];
  integrity: string;
}

/** The choices a phone's ballot on `pollId` may be after the crash, or null if it must have none. */
export function allowedAfterCrash(record: VoteRecord, pollId: string): { mustExist: boolean; choices: Set<number> } {
  const sends = record.sends.filter((s) => s.pollId === pollId);
  const lastAck = sends.map((s) => s.ok).lastIndexOf(true);
  // After the last acknowledged vote, any vote the server may have taken without answering.
  const later = sends.slice(lastAck + 1).filter((s) => s.ok === null);
  const choices = new Set(later.map((s) => s.choice));
  if (lastAck >= 0) choices.add(sends[lastAck]!.choice);
  return { mustExist: lastAck >= 0, choices };
}

export async function killDuringVotes(mode: StressMode): Promise<KillResult> {
  const room = await startStressRoom(mode);
  const crowd = forkChild(path.join(import.meta.dirname, '../harness/crowd.ts'));
  try {
    const presenter = await room.presenter();
    for (const pollId of POLLS) await presenter.emitWithAck('poll:open', { pollId });
    presenter.disconnect();
    await crowd.request({
      type: 'open',
      urls: room.urls(),
      deck: room.deck,
      prefix: 'voter',
      count: PHONES,
      reconnect: false,
    });

    const victim = room.servers[0]!;
    const { records, acked, killed } = await crowd.request<{ records: VoteRecord[]; acked: number; killed: boolean }>({
      type: 'vote',
      pollIds: POLLS,
      choices: 3,
      rounds: ROUNDS,
      killPid: victim.pid,
      killAtAcks: KILL_AT_ACKS,
    });
    if (!killed) throw new Error(`only ${acked} votes acknowledged, the server was never killed`);
    await crowd.request({ type: 'close' });

    // SQLite: check the file as the crash left it, before anything opens it again.
    const integrity = mode === 'sqlite' ? integrityCheck(room.dataFile) : 'n/a';
    await room.restart(0);
    const stored = await room.stored();
    const ballots = new Map(stored.ballots.map((b) => [`${b.pollId}/${b.clientId}`, b.choice]));
    const lost: string[] = [];
    let inFlight = 0;
    for (const record of records) {
      inFlight += record.sends.filter((s) => s.ok === null).length;
      for (const pollId of POLLS) {
        const { mustExist, choices } = allowedAfterCrash(record, pollId);
        const choice = ballots.get(`${pollId}/${record.clientId}`);
        if (choice === undefined ? mustExist : !choices.has(choice))
          lost.push(`${record.clientId} ${pollId}: ${choice} not in ${[...choices]}`);
      }
    }
    // The restarted server (or a node reading Redis) counts exactly what is stored.
    const snapshot = await room.presenterSnapshot(0);
    for (const poll of snapshot.polls.filter((p) => POLLS.includes(p.id))) {
      const storedCount = stored.ballots.filter((b) => b.pollId === poll.id).length;
      if (poll.tally?.voters !== storedCount)
        lost.push(`${poll.id}: the restarted server counts ${poll.tally?.voters}, the store has ${storedCount}`);
    }
    const integrityAfter = mode === 'sqlite' ? integrityCheck(room.dataFile) : 'n/a';

    const pass =
      lost.length === 0 && acked >= 1000 && (mode !== 'sqlite' || (integrity === 'ok' && integrityAfter === 'ok'));
    const figure = recordFigure({
      item: '1. Kill during votes',
      mode: MODE_NAMES[mode],
      rule: 'kill -9 during 1,000+ votes: every acked vote present; integrity_check ok',
      measured:
        `${count(acked)} acked from ${PHONES} phones, ${count(inFlight)} in flight at the kill${mode === 'redis' ? ' (one of two nodes)' : ''}: ` +
        `${lost.length} lost${mode === 'sqlite' ? `; integrity_check ${integrity}, after restart ${integrityAfter}` : '; tallies = stored ballots'}`,
      pass,
    });
    return { figure, acked, lost, integrity };
  } finally {
    await crowd.stop();
    await room.close();
  }
}
