/**
 * Progress of long work (demo generation, later imports) on the terminal: a line rewritten in
 * place on a TTY, or a line per ~10% step when output goes to a file or CI log.
 */
export function terminalProgress(stream: NodeJS.WriteStream = process.stderr) {
  let lastPhase = '';
  let lastStep = -1;
  const started = Date.now();
  return {
    update: ({ phase, done, total }: { phase: string; done: number; total: number }) => {
      const percent = total > 0 ? Math.min(100, Math.floor((done / total) * 100)) : 100;
      const line = `  ${phase.padEnd(14)} ${String(percent).padStart(3)}%  ${done.toLocaleString('en')} / ${total.toLocaleString('en')}`;
      if (stream.isTTY) {
        if (phase !== lastPhase && lastPhase !== '') stream.write('\n');
        stream.write(`\r${line}`);
      } else {
        const step = Math.floor(percent / 10);
        if (phase !== lastPhase || step !== lastStep || done === total) stream.write(`${line}\n`);
        lastStep = step;
      }
      lastPhase = phase;
    },
    finish: (message: string) => {
      if (stream.isTTY && lastPhase !== '') stream.write('\n');
      stream.write(`${message} (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
    },
  };
}
