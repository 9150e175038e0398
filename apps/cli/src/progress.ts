/**
 * A progress bar on standard error, drawn only when standard error is a terminal (so redirected output and CI logs
 * stay clean), redrawn at most ten times a second.
 */
export interface Progress {
  tick(done: number): void;
  done(): void;
}

export function progressBar(label: string, total: number, stream: NodeJS.WriteStream = process.stderr): Progress {
  const enabled = Boolean(stream.isTTY) && total > 0;
  let last = 0;
  const draw = (done: number) => {
    const width = 30;
    const share = Math.min(1, done / total);
    const filled = Math.round(share * width);
    stream.write(
      `\r${label} [${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${Math.floor(share * 100)}% ${done}/${total}`,
    );
  };
  return {
    tick(done) {
      if (!enabled) return;
      const now = Date.now();
      if (now - last < 100 && done < total) return;
      last = now;
      draw(done);
    },
    done() {
      if (!enabled) return;
      draw(total);
      stream.write('\n');
    },
  };
}
