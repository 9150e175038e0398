/** A message shown above the sign-in form: why the previous session ended, or a confirmation. */
export interface Notice {
  readonly tone: 'info' | 'warning';
  readonly text: string;
}
