import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Anchor, Box, Button, Code, CopyButton, Group, List, Loader, Stack, Text, TextInput } from '@mantine/core';
import {
  MfaEnrolConfirmRequest,
  type MfaEnrolConfirmResponse,
  type MfaEnrolStartResponse,
  type ProblemDetails,
} from '@charta/contracts';
import { useApi } from '../api/api-context.js';
import { fieldMessages, problemOf } from '../api/problem.js';
import { validate } from '../api/validate.js';
import { ProblemAlert } from '../components/ProblemAlert.js';
import { normaliseTotp } from '../format/code-input.js';
import { AuthFrame } from './AuthFrame.js';

export interface MfaEnrolPageProps {
  readonly onEnrolled: (response: MfaEnrolConfirmResponse) => void;
  readonly onCancel: () => void;
}

/**
 * First sign-in of a user who must use MFA (SEC-02): register an authenticator app from the QR code or the secret,
 * then prove it with a code. No session that can reach PHI exists until this succeeds.
 */
export function MfaEnrolPage({ onEnrolled, onCancel }: MfaEnrolPageProps) {
  const api = useApi();
  const [enrolment, setEnrolment] = useState<MfaEnrolStartResponse | null>(null);
  const [startProblem, setStartProblem] = useState<ProblemDetails | null>(null);
  const [code, setCode] = useState('');
  const [codeError, setCodeError] = useState<string | undefined>(undefined);
  const [problem, setProblem] = useState<ProblemDetails | null>(null);
  const [busy, setBusy] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const started = useRef(-1);
  const codeRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    // Each start issues a new secret on the server, so it must run once per attempt (React's development double
    // effects would otherwise show one secret while the server holds another).
    if (started.current === attempt) return;
    started.current = attempt;
    setStartProblem(null);
    api.mfaEnrolStart().then(
      (value) => setEnrolment(value),
      (error: unknown) => setStartProblem(problemOf(error)),
    );
  }, [api, attempt]);

  useEffect(() => {
    if (enrolment !== null) codeRef.current?.focus();
  }, [enrolment]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setProblem(null);
    const checked = validate(MfaEnrolConfirmRequest, { code: normaliseTotp(code) });
    if (!checked.ok) {
      setCodeError(checked.errors[0]?.message);
      codeRef.current?.focus();
      return;
    }
    setCodeError(undefined);
    setBusy(true);
    try {
      onEnrolled(await api.mfaEnrolConfirm(checked.value.code));
    } catch (error) {
      const p = problemOf(error);
      setProblem(p);
      setCodeError(fieldMessages(p.errors)['/code']);
      setCode('');
      codeRef.current?.focus();
    } finally {
      setBusy(false);
    }
  };

  return (
    <AuthFrame title="Set up two-step sign-in" width={480}>
      <Text size="sm">
        Charta needs a second factor before it opens any patient information. Use an authenticator app on your phone
        (for example one your organisation provides).
      </Text>
      {startProblem && (
        <Stack gap="xs">
          <ProblemAlert problem={startProblem} />
          <Group>
            <Button variant="default" onClick={() => setAttempt((a) => a + 1)}>
              Try again
            </Button>
          </Group>
        </Stack>
      )}
      {enrolment === null && startProblem === null && (
        <Group gap="xs">
          <Loader size="sm" />
          <Text size="sm">Preparing your enrolment…</Text>
        </Group>
      )}
      {enrolment && (
        <form onSubmit={(e) => void submit(e)} noValidate aria-labelledby="auth-title">
          <Stack gap="sm">
            <List type="ordered" size="sm" spacing={4}>
              <List.Item>In your authenticator app, add an account and scan this QR code.</List.Item>
              <List.Item>Or type the setup key shown beside it.</List.Item>
              <List.Item>Enter the 6-digit code the app shows.</List.Item>
            </List>
            <Group align="flex-start" wrap="nowrap" gap="md">
              <Box
                className="charta-qr"
                role="img"
                aria-label="QR code for your authenticator app"
                // The SVG markup comes from our own server (rendered from the otpauth URI), not from user input.
                dangerouslySetInnerHTML={{ __html: enrolment.qrSvg }}
              />
              <Stack gap={4} miw={0} align="flex-start">
                <Text size="sm" fw={600}>
                  Setup key
                </Text>
                <Code
                  block
                  data-testid="mfa-secret"
                  style={{ wordBreak: 'break-all', letterSpacing: '0.05em' }}
                  aria-label="Setup key"
                >
                  {enrolment.secret}
                </Code>
                <CopyButton value={enrolment.secret}>
                  {({ copied, copy }) => (
                    <Button size="compact-xs" variant="default" onClick={copy}>
                      {copied ? 'Copied' : 'Copy key'}
                    </Button>
                  )}
                </CopyButton>
                <Anchor href={enrolment.otpauthUri} size="xs">
                  Open in an authenticator app on this device
                </Anchor>
              </Stack>
            </Group>
            {problem && <ProblemAlert problem={problem} placed={['/code']} />}
            <TextInput
              ref={codeRef}
              label="6-digit code"
              name="code"
              inputMode="numeric"
              autoComplete="one-time-code"
              maxLength={9}
              required
              value={code}
              onChange={(e) => setCode(e.currentTarget.value)}
              error={codeError}
              data-testid="mfa-code"
            />
            <Group justify="space-between">
              <Button variant="subtle" onClick={onCancel} disabled={busy}>
                Cancel and sign out
              </Button>
              <Button type="submit" loading={busy} data-testid="mfa-submit">
                Confirm
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </AuthFrame>
  );
}
