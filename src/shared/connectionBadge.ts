import type { ConnectError } from '../protocol.ts';
import { setText } from './dom.ts';
import type { ConnectionStatus } from './liveConnection.ts';

const REFUSALS: Record<ConnectError, string> = {
  'unknown-deck': 'talk not live',
  'bad-auth': 'cannot join',
  'bad-token': 'cannot join',
  'bad-origin': 'wrong address',
  'too-many-phones': 'too many phones here',
  'slow-down': 'wrong token: wait a minute',
};

/** Words on the connection badge; the dot's colour comes from `data-state`. */
export function badgeText(status: ConnectionStatus): string {
  switch (status.state) {
    case 'connecting':
      return 'connecting…';
    case 'live':
      return 'live';
    case 'reconnecting':
      return 'reconnecting…';
    case 'refused':
      return REFUSALS[status.reason];
  }
}

/** Keeps the header's badge on the connection's state: live, reconnecting, or why it cannot join. */
export function showConnection(badge: HTMLElement, status: ConnectionStatus): void {
  badge.dataset.state = status.state;
  setText(badge, badgeText(status));
  badge.setAttribute('aria-label', `Connection: ${badgeText(status)}`);
}
