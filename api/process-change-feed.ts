import { Client } from 'pg';
import type { Logger } from '../config/logger';

/** The channel prisma/migrations/20261202180000_process_change_notify notifies, with the process id as payload. */
export const PROCESS_CHANGED_CHANNEL = 'process_changed';

/** How soon a lost LISTEN connection is opened again while streams still wait on it. */
const RECONNECT_MS = 1_000;

export interface ProcessChangeFeed {
  /** Calls `changed` whenever the process's row moves (and after the listener reconnected, as anything may have moved meanwhile); returns the unsubscribe. */
  subscribe(processId: string, changed: () => void): () => void;
}

/**
 * One LISTEN connection per API process, shared by every open event stream:
 * a connection of its own (LISTEN holds it), not one of the pool's, which
 * queries need. Opened with the first subscriber and closed with the last, so
 * an API with no stream open holds none. Notifications are a wake-up only;
 * streams re-read the read model, and re-read on a timer too (a notification
 * lost while the connection was down is not lost for them).
 */
export function createProcessChangeFeed(databaseUrl: string, logger: Logger): ProcessChangeFeed {
  const subscribers = new Map<string, Set<() => void>>();
  let client: Client | null = null;
  let reconnect: NodeJS.Timeout | null = null;

  const count = () => [...subscribers.values()].reduce((n, set) => n + set.size, 0);
  const wakeAll = () => subscribers.forEach((set) => set.forEach((changed) => changed()));

  function open(): void {
    const listener = new Client({ connectionString: databaseUrl });
    client = listener;
    const drop = (error?: Error) => {
      if (client !== listener) return;
      client = null;
      if (error) logger.warn({ err: { message: error.message } }, 'process change listener lost; streams re-read on their timer until it is back');
      void listener.end().catch(() => undefined);
      if (count() > 0 && !reconnect) {
        reconnect = setTimeout(() => {
          reconnect = null;
          if (count() > 0 && !client) open();
        }, RECONNECT_MS);
      }
    };
    listener.on('error', drop);
    listener.on('end', () => drop());
    listener.on('notification', ({ payload }) => subscribers.get(payload ?? '')?.forEach((changed) => changed()));
    listener
      .connect()
      .then(() => listener.query(`LISTEN ${PROCESS_CHANGED_CHANNEL}`))
      .then(wakeAll, drop);
  }

  function close(): void {
    if (reconnect) clearTimeout(reconnect);
    reconnect = null;
    const listener = client;
    client = null;
    void listener?.end().catch(() => undefined);
  }

  return {
    subscribe(processId, changed) {
      const set = subscribers.get(processId) ?? new Set();
      subscribers.set(processId, set);
      set.add(changed);
      if (!client && !reconnect) open();
      return () => {
        set.delete(changed);
        if (set.size === 0) subscribers.delete(processId);
        if (count() === 0) close();
      };
    },
  };
}
