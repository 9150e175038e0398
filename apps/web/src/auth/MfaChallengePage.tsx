import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Button, Group, Stack, Text, TextInput } from '@mantine/core';
import { MfaVerifyRequest, type LoginResponse, type ProblemDetails } from '@charta/contracts';
import { useApi } from '../api/api-context.js';
import { fieldMessages, problemOf } from '../api/problem.js';
import { validate } from '../api/validate.js';
import { ProblemAlert } from '../components/ProblemAlert.js';
import { normaliseRecoveryCode, normaliseTotp } from '../format/code-input.js';
import { AuthFrame } from './AuthFrame.js';

export interface MfaChallengePageProps {
  readonly onVerified: (response: LoginResponse) => void | Promise<void>;
  readonly onCancel: () => void;
}

/** The second factor at sign-in: a code from the authenticator app, or one of the single-use recovery codes. */
export function MfaChallengePage({ onVerified, onCancel }: MfaChallengePageProps) {
  const api = useApi();
  const [useRecovery, setUseRecovery] = useState(false);
  const [value, setValue] = useState('');
  const [fieldError, setFieldError] = useState<string | undefined>(undefined);
  const [problem, setProblem] = useState<ProblemDetails | null>(null);
  const [busy, setBusy] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);
  const pointer = useRecovery ? '/recoveryCode' : '/code';

  useEffect(() => {
    inputRef.current?.focus();
  }, [useRecovery]);

  const switchMode = () => {
    setUseRecovery((r) => !r);
    setValue('');
    setFieldError(undefined);
    setProblem(null);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setProblem(null);
    const body = useRecovery ? { recoveryCode: normaliseRecoveryCode(value) } : { code: normaliseTotp(value) };
    const checked = validate(MfaVerifyRequest, body);
    if (!checked.ok) {
      // The union's messages name both forms; show the one for the field on screen.
      setFieldError(checked.errors.find((e) => e.path === pointer)?.message ?? checked.errors[0]?.message);
      inputRef.current?.focus();
      return;
    }
    setFieldError(undefined);
    setBusy(true);
    try {
      await onVerified(await api.mfaVerify(checked.value));
    } catch (error) {
      const p = problemOf(error);
      setProblem(p);
      setFieldError(fieldMessages(p.errors)[pointer]);
      setValue('');
      inputRef.current?.focus();
    } finally {
      setBusy(false);
    }
  };

  return (
    <AuthFrame title="Two-step sign-in">
      <form onSubmit={(e) => void submit(e)} noValidate aria-labelledby="auth-title">
        <Stack gap="sm">
          <Text size="sm">
            {useRecovery
              ? 'Enter one of the recovery codes you saved when you set up two-step sign-in. Each code works once.'
              : 'Enter the 6-digit code from your authenticator app.'}
          </Text>
          {problem && <ProblemAlert problem={problem} placed={[pointer]} />}
          {useRecovery ? (
            <TextInput
              key="recovery"
              ref={inputRef}
              label="Recovery code"
              name="recoveryCode"
              placeholder="ABCD-EFGH-JKLM"
              autoComplete="off"
              autoCapitalize="characters"
              spellCheck={false}
              required
              value={value}
              onChange={(e) => setValue(e.currentTarget.value)}
              error={fieldError}
              data-testid="mfa-code"
            />
          ) : (
            <TextInput
              key="totp"
              ref={inputRef}
              label="6-digit code"
              name="code"
              inputMode="numeric"
              autoComplete="one-time-code"
              maxLength={9}
              required
              value={value}
              onChange={(e) => setValue(e.currentTarget.value)}
              error={fieldError}
              data-testid="mfa-code"
            />
          )}
          <Button type="submit" loading={busy} fullWidth data-testid="mfa-submit">
            Verify
          </Button>
          <Group justify="space-between">
            <Button variant="subtle" size="compact-sm" onClick={switchMode} disabled={busy}>
              {useRecovery ? 'Use the authenticator app' : 'Use a recovery code'}
            </Button>
            <Button variant="subtle" size="compact-sm" color="gray" onClick={onCancel} disabled={busy}>
              Cancel and sign out
            </Button>
          </Group>
        </Stack>
      </form>
    </AuthFrame>
  );
}
