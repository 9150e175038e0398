import { useRef, useState, type FormEvent } from 'react';
import { Alert, Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import { LoginRequest, type LoginResponse, type ProblemDetails } from '@charta/contracts';
import { useApi } from '../api/api-context.js';
import { fieldMessages, problemOf } from '../api/problem.js';
import { validate } from '../api/validate.js';
import { ProblemAlert } from '../components/ProblemAlert.js';
import { AuthFrame } from './AuthFrame.js';
import type { Notice } from '../session/notice.js';

const PLACED = ['/username', '/password'];

export interface SignInPageProps {
  readonly notice: Notice | null;
  readonly onSignedIn: (response: LoginResponse) => void | Promise<void>;
}

/** Username and password: the first of two factors; the server answers with the MFA step that comes next. */
export function SignInPage({ notice, onSignedIn }: SignInPageProps) {
  const api = useApi();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [fields, setFields] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<ProblemDetails | null>(null);
  const [busy, setBusy] = useState(false);
  const usernameRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);

  const focusFirstInvalid = (messages: Record<string, string>) => {
    if ('/username' in messages) usernameRef.current?.focus();
    else passwordRef.current?.focus();
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setProblem(null);
    const checked = validate(LoginRequest, { username, password });
    if (!checked.ok) {
      const messages = fieldMessages(checked.errors);
      setFields(messages);
      focusFirstInvalid(messages);
      return;
    }
    setFields({});
    setBusy(true);
    try {
      const response = await api.login(checked.value);
      await onSignedIn(response);
    } catch (error) {
      const p = problemOf(error);
      const messages = fieldMessages(p.errors);
      setProblem(p);
      setFields(messages);
      // A refused password is cleared so the next attempt starts clean; the username stays.
      if (p.status === 401) setPassword('');
      focusFirstInvalid(messages);
    } finally {
      setBusy(false);
    }
  };

  return (
    <AuthFrame title="Sign in">
      <form onSubmit={(e) => void submit(e)} noValidate aria-labelledby="auth-title">
        <Stack gap="sm">
          {notice && (
            <Alert color={notice.tone === 'warning' ? 'yellow' : 'blue'} variant="light" role="status">
              {notice.text}
            </Alert>
          )}
          {problem && <ProblemAlert problem={problem} placed={PLACED} />}
          <TextInput
            ref={usernameRef}
            label="Username"
            name="username"
            autoComplete="username"
            autoCapitalize="none"
            spellCheck={false}
            required
            autoFocus
            value={username}
            onChange={(e) => setUsername(e.currentTarget.value)}
            error={fields['/username']}
            data-testid="login-username"
          />
          <PasswordInput
            ref={passwordRef}
            label="Password"
            name="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
            error={fields['/password']}
            data-testid="login-password"
          />
          <Button type="submit" loading={busy} fullWidth data-testid="login-submit">
            Sign in
          </Button>
        </Stack>
      </form>
    </AuthFrame>
  );
}
