// Progress and results go to stderr while measuring; stdout stays free for the final summary.
export function say(line: string): void {
  process.stderr.write(`[bench] ${line}\n`);
}

/** A counter that reports at most once a second, so printing never costs what it measures. */
export function progress(label: string, total: number, already = 0): { tick(): void; done(): void } {
  let count = already;
  let last = 0;
  const print = () => say(`${label}: ${count}/${total}`);
  return {
    tick() {
      count += 1;
      const now = Date.now();
      if (now - last >= 1_000) {
        last = now;
        print();
      }
    },
    done: print,
  };
}
