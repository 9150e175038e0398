import { useEffect, useState, type FormEvent } from 'react';
import { Alert, Button, Group, MultiSelect, Paper, SimpleGrid, Stack, Text } from '@mantine/core';
import { isRole, type Role } from '@charta/core';
import { UpdateSecurityPolicyRequest, type ProblemDetails } from '@charta/contracts';
import { useApi } from '../api/api-context.js';
import { fieldMessages, problemOf } from '../api/problem.js';
import { validate } from '../api/validate.js';
import { PageTitle } from '../components/PageTitle.js';
import { ProblemAlert } from '../components/ProblemAlert.js';
import { ROLE_OPTIONS } from '../format/roles.js';
import { useLoad } from '../hooks/use-load.js';

const sameSet = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && a.every((x) => b.includes(x));

/**
 * Site security policy. Only the MFA requirement is editable here; the session and emergency-access limits are the
 * server's configuration and shown for reference (SEC-02, SEC-08, SEC-16).
 */
export function SecurityPolicyPage() {
  const api = useApi();
  const policy = useLoad(api.securityPolicy);
  const [roles, setRoles] = useState<Role[]>([]);
  const [fieldError, setFieldError] = useState<string | undefined>(undefined);
  const [problem, setProblem] = useState<ProblemDetails | null>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (policy.data) setRoles(policy.data.mfaRequiredRoles.filter(isRole));
  }, [policy.data]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setProblem(null);
    setSaved(false);
    const checked = validate(UpdateSecurityPolicyRequest, { mfaRequiredRoles: roles });
    if (!checked.ok) {
      setFieldError(checked.errors[0]?.message);
      return;
    }
    setFieldError(undefined);
    setBusy(true);
    try {
      const updated = await api.updateSecurityPolicy(checked.value);
      policy.setData(() => updated);
      setSaved(true);
    } catch (error) {
      const p = problemOf(error);
      setProblem(p);
      setFieldError(fieldMessages(p.errors)['/mfaRequiredRoles']);
    } finally {
      setBusy(false);
    }
  };

  const data = policy.data;
  const dirty = data !== null && !sameSet(roles, data.mfaRequiredRoles);

  return (
    <Stack gap="sm" maw={720}>
      <PageTitle description="Applies to every user of this Charta site.">Security policy</PageTitle>
      {policy.problem && <ProblemAlert problem={policy.problem} />}
      {data && (
        <>
          <Paper withBorder p="md" component="form" onSubmit={(e) => void submit(e)} noValidate>
            <Stack gap="sm">
              <MultiSelect<Role>
                label="Roles that must use two-step sign-in (MFA)"
                description="Users in these roles enrol an authenticator at their next sign-in and use it every time. Any role that can reach patient information should be listed."
                data={ROLE_OPTIONS}
                value={roles}
                onChange={(value) => {
                  setRoles(value);
                  setSaved(false);
                }}
                error={fieldError}
                clearable
                searchable
                data-testid="policy-mfa-roles"
              />
              {problem && <ProblemAlert problem={problem} placed={['/mfaRequiredRoles']} />}
              {saved && (
                <Alert color="green" variant="light" role="status">
                  Policy saved.
                </Alert>
              )}
              <Group justify="flex-end" gap="xs">
                <Button
                  variant="default"
                  disabled={!dirty || busy}
                  onClick={() => setRoles(data.mfaRequiredRoles.filter(isRole))}
                >
                  Undo changes
                </Button>
                <Button type="submit" loading={busy} disabled={!dirty} data-testid="policy-save">
                  Save
                </Button>
              </Group>
            </Stack>
          </Paper>
          <Paper withBorder p="md">
            <Text size="sm" fw={600} mb="xs">
              Limits set in the server configuration
            </Text>
            <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
              <Limit label="Idle timeout" value={`${data.idleTimeoutMinutes} min`} />
              <Limit label="Maximum session length" value={`${data.absoluteLifetimeHours} h`} />
              <Limit label="Emergency access lasts" value={`${data.emergencyAccessMinutes} min`} />
            </SimpleGrid>
          </Paper>
        </>
      )}
    </Stack>
  );
}

function Limit({ label, value }: { readonly label: string; readonly value: string }) {
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
