/** Exit codes shared by every command (STYLE.md section 4). */
export const ExitCode = { ok: 0, unexpected: 1, badInput: 2, violations: 3 } as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** An error the user can fix: printed as a message, exit code 2 unless said otherwise. */
export class CliError extends Error {
  override readonly name = 'CliError';
  constructor(
    message: string,
    readonly exitCode: ExitCode = ExitCode.badInput,
  ) {
    super(message);
  }
}
