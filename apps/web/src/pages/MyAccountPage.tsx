import { useState, type FormEvent } from 'react';
import { Alert, Button, Group, Paper, PasswordInput, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { ChangePasswordRequest, type ProblemDetails } from '@charta/contracts';
import { useApi } from '../api/api-context.js';
import { fieldMessages, problemOf } from '../api/problem.js';
import { validate } from '../api/validate.js';
import { PageTitle } from '../components/PageTitle.js';
import { ProblemAlert } from '../components/ProblemAlert.js';
import { roleLabel } from '../format/roles.js';
import { useSession } from '../session/session-context.js';

const PLACED = ['/currentPassword', '/newPassword', '/confirm'];

/** The signed-in user's own account: who they are, password change, sign out everywhere. */
export function MyAccountPage() {
  const api = useApi();
  const { session, signOut, refresh } = useSession();
  const { user } = session;
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [fields, setFields] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<ProblemDetails | null>(null);
  const [changed, setChanged] = useState(false);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setProblem(null);
    setChanged(false);
    const checked = validate(ChangePasswordRequest, { currentPassword: current, newPassword: next });
    const messages: Record<string, string> = checked.ok ? {} : { ...fieldMessages(checked.errors) };
    if (next !== confirm) messages['/confirm'] = 'The two new passwords differ';
    if (current !== '' && next !== '' && current === next)
      messages['/newPassword'] = 'Choose a password you have not used here';
    setFields(messages);
    if (!checked.ok || Object.keys(messages).length > 0) return;
    setBusy(true);
    try {
      await api.changePassword(checked.value);
      setCurrent('');
      setNext('');
      setConfirm('');
      setChanged(true);
      // The server may rotate the session and its CSRF token on a password change; pick up the new state.
      await refresh().catch(() => undefined);
    } catch (error) {
      const p = problemOf(error);
      setProblem(p);
      setFields(fieldMessages(p.errors));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Stack gap="md" maw={720}>
      <PageTitle>My account</PageTitle>
      <Paper withBorder p="md">
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
          <Field label="Name" value={user.displayName} />
          <Field label="Username" value={user.username} />
          <Field label="Role" value={roleLabel(user.role)} />
          <Field label="Two-step sign-in" value={user.mfaEnrolled ? 'Enrolled' : 'Not enrolled'} />
        </SimpleGrid>
      </Paper>

      <Paper withBorder p="md" component="form" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="pw-title">
        <Stack gap="sm">
          <Title order={2} size="h5" id="pw-title">
            Change password
          </Title>
          {problem && <ProblemAlert problem={problem} placed={PLACED} />}
          {changed && (
            <Alert color="green" variant="light" role="status">
              Your password has been changed.
            </Alert>
          )}
          <PasswordInput
            label="Current password"
            autoComplete="current-password"
            required
            value={current}
            onChange={(e) => setCurrent(e.currentTarget.value)}
            error={fields['/currentPassword']}
          />
          <PasswordInput
            label="New password"
            description="At least 12 characters. A passphrase of several words is easiest to remember."
            autoComplete="new-password"
            required
            value={next}
            onChange={(e) => setNext(e.currentTarget.value)}
            error={fields['/newPassword']}
          />
          <PasswordInput
            label="Repeat new password"
            autoComplete="new-password"
            required
            value={confirm}
            onChange={(e) => setConfirm(e.currentTarget.value)}
            error={fields['/confirm']}
          />
          <Group justify="flex-end">
            <Button type="submit" loading={busy}>
              Change password
            </Button>
          </Group>
        </Stack>
      </Paper>

      <Paper withBorder p="md">
        <Group justify="space-between">
          <div>
            <Title order={2} size="h5">
              Sessions
            </Title>
            <Text size="sm" c="dimmed">
              Signs you out here and on every other computer or browser where you are signed in.
            </Text>
          </div>
          <Button variant="default" onClick={() => void signOut('everywhere')} style={{ flex: 'none' }}>
            Sign out everywhere
          </Button>
        </Group>
      </Paper>
    </Stack>
  );
}

function Field({ label, value }: { readonly label: string; readonly value: string }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" fw={600}>
        {value}
      </Text>
    </div>
  );
}
