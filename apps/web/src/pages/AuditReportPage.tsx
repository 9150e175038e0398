import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import {
  Anchor,
  Badge,
  Button,
  Checkbox,
  Group,
  Paper,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  UnstyledButton,
} from '@mantine/core';
import { AuditQuery, type AuditEventView, type ProblemDetails } from '@charta/contracts';
import { useApi } from '../api/api-context.js';
import { EMPTY_AUDIT_FILTERS, auditFilterQuery, type AuditFilters } from '../api/endpoints.js';
import { fieldMessages, problemOf } from '../api/problem.js';
import { validate } from '../api/validate.js';
import { PageTitle } from '../components/PageTitle.js';
import { ProblemAlert } from '../components/ProblemAlert.js';
import { EMPTY, formatDateTime } from '../format/datetime.js';
import { shortId } from '../format/ids.js';
import { roleLabel } from '../format/roles.js';
import { useSession } from '../session/session-context.js';

const PLACED = ['/user', '/patient', '/action', '/from', '/to'];
const OUTCOME_COLOR: Readonly<Record<AuditEventView['outcome'], string>> = {
  success: 'green',
  denied: 'orange',
  failure: 'red',
};

const roleOf = (role: string | null): string => (role === null ? EMPTY : roleLabel(role));
const orDash = (value: string | null): string => value ?? EMPTY;

/**
 * The audit report (SEC-17/SEC-19): who did what to which patient's record, when, from where, and whether it was an
 * emergency access. Newest first; "Load more" pages back through older events.
 */
export function AuditReportPage() {
  const api = useApi();
  const { can } = useSession();
  const [draft, setDraft] = useState<AuditFilters>(EMPTY_AUDIT_FILTERS);
  const [applied, setApplied] = useState<AuditFilters>(EMPTY_AUDIT_FILTERS);
  const [events, setEvents] = useState<readonly AuditEventView[]>([]);
  const [nextBefore, setNextBefore] = useState<number | null>(null);
  const [loading, setLoading] = useState(false);
  const [loaded, setLoaded] = useState(false);
  const [problem, setProblem] = useState<ProblemDetails | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});
  const request = useRef(0);
  // Suggestions for the action filter: the actions met so far (the server's vocabulary is not in the contracts).
  const seenActions = useRef(new Set<string>());

  const run = useCallback(
    async (filters: AuditFilters, before: number | undefined) => {
      const mine = ++request.current;
      setLoading(true);
      setProblem(null);
      try {
        const page = await api.auditEvents(filters, before);
        if (mine !== request.current) return;
        for (const e of page.events) seenActions.current.add(e.action);
        setEvents((current) => (before === undefined ? page.events : [...current, ...page.events]));
        setNextBefore(page.nextBefore);
        setLoaded(true);
      } catch (error) {
        if (mine !== request.current) return;
        const p = problemOf(error);
        setProblem(p);
        setFields(fieldMessages(p.errors));
      } finally {
        if (mine === request.current) setLoading(false);
      }
    },
    [api],
  );

  useEffect(() => {
    void run(EMPTY_AUDIT_FILTERS, undefined);
  }, [run]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const query = Object.fromEntries(
      Object.entries(auditFilterQuery(draft)).filter(([, v]) => v !== undefined && v !== ''),
    );
    const checked = validate(AuditQuery, query);
    const messages: Record<string, string> = checked.ok ? {} : { ...fieldMessages(checked.errors) };
    if (draft.from !== '' && draft.to !== '' && draft.from > draft.to)
      messages['/to'] = 'The end date is before the start date';
    setFields(messages);
    if (Object.keys(messages).length > 0) return;
    setApplied(draft);
    void run(draft, undefined);
  };

  const reset = () => {
    setDraft(EMPTY_AUDIT_FILTERS);
    setApplied(EMPTY_AUDIT_FILTERS);
    setFields({});
    void run(EMPTY_AUDIT_FILTERS, undefined);
  };

  const filterPatient = (patientId: string) => {
    const next = { ...draft, patient: patientId };
    setDraft(next);
    setApplied(next);
    setFields({});
    void run(next, undefined);
  };

  const set = (key: keyof AuditFilters) => (e: { currentTarget: HTMLInputElement }) => {
    const value = key === 'emergencyOnly' ? e.currentTarget.checked : e.currentTarget.value;
    setDraft((d) => ({ ...d, [key]: value }));
  };

  return (
    <Stack gap="sm">
      <PageTitle
        description="Access to patient information and security events, newest first."
        actions={
          can('audit:export') ? (
            <Anchor
              href={api.auditExportUrl(applied)}
              download
              size="sm"
              data-testid="audit-export"
              title="FHIR AuditEvent resources, one per line, for the filters applied below"
            >
              Export (FHIR NDJSON)
            </Anchor>
          ) : undefined
        }
      >
        Audit report
      </PageTitle>

      <Paper withBorder p="sm" component="form" onSubmit={submit} noValidate aria-label="Audit filters">
        <SimpleGrid cols={{ base: 1, xs: 2, md: 3, lg: 6 }} spacing="xs" verticalSpacing="xs">
          <TextInput
            label="User"
            placeholder="username"
            size="xs"
            value={draft.user}
            onChange={set('user')}
            error={fields['/user']}
            autoComplete="off"
          />
          <TextInput
            label="Patient"
            placeholder="patient id"
            size="xs"
            value={draft.patient}
            onChange={set('patient')}
            error={fields['/patient']}
            autoComplete="off"
          />
          <TextInput
            label="Action"
            placeholder="e.g. patient.read"
            size="xs"
            list="audit-actions"
            value={draft.action}
            onChange={set('action')}
            error={fields['/action']}
            autoComplete="off"
            data-testid="audit-filter-action"
          />
          <TextInput
            label="From"
            type="date"
            size="xs"
            value={draft.from}
            onChange={set('from')}
            error={fields['/from']}
          />
          <TextInput label="To" type="date" size="xs" value={draft.to} onChange={set('to')} error={fields['/to']} />
          <Stack gap={4} justify="flex-end">
            <Checkbox
              label="Emergency access only"
              size="xs"
              checked={draft.emergencyOnly}
              onChange={set('emergencyOnly')}
            />
            <Group gap="xs">
              <Button type="submit" size="xs" loading={loading} data-testid="audit-filter-submit">
                Apply
              </Button>
              <Button type="button" size="xs" variant="default" onClick={reset} disabled={loading}>
                Clear
              </Button>
            </Group>
          </Stack>
        </SimpleGrid>
        <datalist id="audit-actions">
          {[...seenActions.current].sort().map((a) => (
            <option key={a} value={a} />
          ))}
        </datalist>
      </Paper>

      {problem && <ProblemAlert problem={problem} placed={PLACED} />}

      <Table.ScrollContainer minWidth={1100}>
        <Table striped highlightOnHover data-testid="audit-table" aria-busy={loading}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Time</Table.Th>
              <Table.Th>User</Table.Th>
              <Table.Th>Role</Table.Th>
              <Table.Th>Action</Table.Th>
              <Table.Th>Outcome</Table.Th>
              <Table.Th>Patient</Table.Th>
              <Table.Th>Record</Table.Th>
              <Table.Th>Reason</Table.Th>
              <Table.Th>Emergency</Table.Th>
              <Table.Th>Source IP</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {events.map((e) => (
              <Table.Tr key={e.id} data-testid="audit-row" title={e.userAgent ?? undefined}>
                <Table.Td className="charta-nowrap">{formatDateTime(e.occurredAt)}</Table.Td>
                <Table.Td>{orDash(e.username)}</Table.Td>
                <Table.Td>{roleOf(e.role)}</Table.Td>
                <Table.Td className="charta-nowrap">
                  <code>{e.action}</code>
                </Table.Td>
                <Table.Td>
                  <Badge size="xs" variant="light" color={OUTCOME_COLOR[e.outcome]}>
                    {e.outcome}
                  </Badge>
                </Table.Td>
                <Table.Td className="charta-nowrap">
                  {e.patientId === null ? (
                    EMPTY
                  ) : (
                    <UnstyledButton
                      fz="sm"
                      ff="monospace"
                      title={`${e.patientId}: show only this patient's events`}
                      onClick={() => filterPatient(e.patientId ?? '')}
                    >
                      {shortId(e.patientId)}
                    </UnstyledButton>
                  )}
                </Table.Td>
                <Table.Td className="charta-nowrap" title={e.recordId ?? undefined}>
                  {e.recordType === null && e.recordId === null
                    ? EMPTY
                    : [e.recordType, e.recordId === null ? null : shortId(e.recordId)]
                        .filter((v) => v !== null)
                        .join(' ')}
                </Table.Td>
                <Table.Td>{orDash(e.reason)}</Table.Td>
                <Table.Td>
                  {e.emergency ? (
                    <Badge size="xs" color="red">
                      Emergency
                    </Badge>
                  ) : (
                    <Text size="xs" c="dimmed" component="span">
                      No
                    </Text>
                  )}
                </Table.Td>
                <Table.Td className="charta-nowrap">{orDash(e.sourceIp)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>

      {loaded && events.length === 0 && !loading && (
        <Text size="sm" c="dimmed">
          No events match these filters.
        </Text>
      )}
      <Group justify="space-between">
        <Text size="xs" c="dimmed" aria-live="polite">
          {loaded ? `${events.length} event${events.length === 1 ? '' : 's'} shown` : ''}
        </Text>
        {nextBefore !== null && (
          <Button
            size="xs"
            variant="default"
            loading={loading}
            onClick={() => void run(applied, nextBefore)}
            data-testid="audit-load-more"
          >
            Load more
          </Button>
        )}
      </Group>
    </Stack>
  );
}
