/** A malformed input file: names the file, the 1-based line and the reason, so a person can fix it. */
export class CodeSetParseError extends Error {
  readonly file: string;
  readonly line: number;
  readonly reason: string;

  constructor(file: string, line: number, reason: string) {
    super(`${file}, line ${line}: ${reason}`);
    this.name = 'CodeSetParseError';
    this.file = file;
    this.line = line;
    this.reason = reason;
  }
}
