// A child process in a process group of its own, its output appended to a log
// file: a stop signals the whole group (a tsx wrapper and its Node, a server
// and whatever it forks), and if this process exits first the group is killed
// outright, so nothing is left behind.
import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';

export interface GroupChild {
  readonly child: ChildProcess;
  readonly exited: Promise<void>;
  readonly running: boolean;
  /** SIGTERM to the group, SIGKILL after `graceMs`; resolves once the child is gone. */
  stop(graceMs?: number): Promise<void>;
  /** One signal to the group (a fault test's SIGKILL). */
  signal(name: NodeJS.Signals): void;
}

export function spawnGroup(
  command: string,
  args: string[],
  options: { logFile: string; cwd: string; env?: NodeJS.ProcessEnv },
): GroupChild {
  const fd = openSync(options.logFile, 'a');
  const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, detached: true, stdio: ['ignore', fd, fd] });
  closeSync(fd);
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, name);
    } catch {
      // Already gone.
    }
  };
  const killOnExit = () => signal('SIGKILL');
  process.once('exit', killOnExit);
  void exited.then(() => process.removeListener('exit', killOnExit));
  return {
    child,
    exited,
    get running() {
      return child.exitCode === null && child.signalCode === null;
    },
    signal,
    async stop(graceMs = 15_000) {
      if (child.exitCode === null && child.signalCode === null) {
        const timer = setTimeout(() => signal('SIGKILL'), graceMs);
        signal('SIGTERM');
        await exited;
        clearTimeout(timer);
      }
      // Whatever the leader left in its group (a child it forked) goes with it.
      signal('SIGKILL');
    },
  };
}
