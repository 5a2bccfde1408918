/**
 * Bench child: a share of the voters, as lean sockets (see `wire.ts`). socket.io-client in four
 * processes on two cores left the server half idle: the bench measured the clients. On `vote`, every
 * socket votes at once; a share of them changes its mind as soon as its first vote is acknowledged.
 */
import { answerRequests } from '../../helpers/ipcChild.ts';
import { openLeanPhones, type PhonesRequest } from '../../helpers/wire.ts';
import { type AckingSocket, settleAck, type VoteRoundRequest, voteRound } from './voteRound.ts';

type Voter = AckingSocket;

let voters: Voter[] = [];
/** Server→client packets since the round started: events and acks. */
let messages = 0;

answerRequests(async (message) => {
  switch (message.type) {
    case 'open': {
      const sockets = await openLeanPhones(message as unknown as PhonesRequest, (index, packet) => {
        messages += 1;
        const voter = voters[index];
        if (voter) settleAck(voter, packet);
      });
      voters = sockets.map((socket) => ({ socket, pending: new Map(), nextAck: 0 }));
      return { opened: voters.length };
    }
    case 'vote': {
      messages = 0;
      return voteRound(voters, message as unknown as VoteRoundRequest);
    }
    case 'messages':
      return { messages };
    case 'close':
      for (const v of voters) v.socket.close();
      voters = [];
      return {};
    default:
      return { error: `unknown request ${String(message.type)}` };
  }
});
