import { useState, type FormEvent } from 'react';
import {
  Alert,
  Badge,
  Button,
  Group,
  Loader,
  Paper,
  SegmentedControl,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { Action } from '@charta/core';
import type {
  NotificationRunResult,
  NotificationSettings,
  OutboxList,
  OutboxNotification,
  ProblemDetails,
  SuspensionList,
} from '@charta/contracts';
import { problemOf } from '../../api/problem.js';
import { PageTitle } from '../../components/PageTitle.js';
import { ProblemAlert } from '../../components/ProblemAlert.js';
import { EMPTY, formatDateTime } from '../../format/datetime.js';
import { useSession } from '../../session/session-context.js';
import { useRemote } from '../encoder/use-encoder-api.js';
import { describeInForce } from './ladder-form.js';
import { LadderEditor } from './LadderEditor.js';
import { useNotificationsApi, type OutboxStatus } from './notifications-api.js';
import {
  CHANNEL_LABELS,
  describeRunResult,
  describeStepTiming,
  joinLabels,
  RECIPIENT_LABELS,
  STATUS_COLORS,
  STATUS_LABELS,
  STEP_COLORS,
  STEP_LABELS,
} from './notifications-format.js';

const OUTBOX_VIEWS: readonly { value: OutboxStatus; label: string; count: keyof OutboxList['counts'] | null }[] = [
  { value: 'failed', label: 'Failed', count: 'failed' },
  { value: 'queued', label: 'Queued', count: 'queued' },
  { value: 'sent', label: 'Sent', count: 'sent' },
  { value: 'all', label: 'All', count: null },
];

const day = (iso: string | null): string => (iso ? iso.slice(0, 10) : EMPTY);

/** What a retry came to, for the line above the outbox. */
interface RetryOutcome {
  readonly subject: string;
  readonly row: OutboxNotification;
}

function OutboxTable(props: {
  readonly rows: readonly OutboxNotification[];
  readonly busy: boolean;
  readonly retrying: string | null;
  readonly onRetry: (row: OutboxNotification) => void;
}) {
  return (
    <Table.ScrollContainer minWidth={1100}>
      <Table
        striped
        fz="sm"
        verticalSpacing={4}
        aria-label="E-mail outbox"
        aria-busy={props.busy}
        data-testid="outbox-table"
      >
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Written</Table.Th>
            <Table.Th scope="col">Step</Table.Th>
            <Table.Th scope="col">Recipient</Table.Th>
            <Table.Th scope="col">Subject</Table.Th>
            <Table.Th scope="col" ta="right">
              Items
            </Table.Th>
            <Table.Th scope="col">Status</Table.Th>
            <Table.Th scope="col" ta="right">
              Attempts
            </Table.Th>
            <Table.Th scope="col">Next attempt</Table.Th>
            <Table.Th scope="col">Last error</Table.Th>
            <Table.Th scope="col">
              <VisuallyHidden>Action</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {props.rows.length === 0 && (
            <Table.Tr>
              <Table.Td colSpan={10}>No e-mail in this view.</Table.Td>
            </Table.Tr>
          )}
          {props.rows.map((r) => (
            <Table.Tr key={r.id} data-testid="outbox-row" data-id={r.id} data-status={r.status}>
              <Table.Td className="charta-nowrap">{formatDateTime(r.createdAt)}</Table.Td>
              <Table.Td>
                <Badge size="xs" variant="light" color={STEP_COLORS[r.step]}>
                  {STEP_LABELS[r.step]}
                </Badge>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{RECIPIENT_LABELS[r.recipientKind]}</Text>
                <Text size="xs" c={r.recipientEmail ? 'dimmed' : 'red'}>
                  {r.recipientEmail ?? 'no e-mail address'}
                </Text>
              </Table.Td>
              <Table.Td>{r.subject}</Table.Td>
              <Table.Td ta="right">{r.deficiencyCount}</Table.Td>
              <Table.Td>
                <Badge size="sm" variant="light" color={STATUS_COLORS[r.status]}>
                  {STATUS_LABELS[r.status]}
                </Badge>
                {r.sentAt && (
                  <Text size="xs" c="dimmed" className="charta-nowrap">
                    {formatDateTime(r.sentAt)}
                  </Text>
                )}
              </Table.Td>
              <Table.Td ta="right">{r.attempts}</Table.Td>
              <Table.Td className="charta-nowrap">
                {r.status === 'failed' && r.nextAttemptAt === null
                  ? 'Manual retry only'
                  : formatDateTime(r.nextAttemptAt)}
              </Table.Td>
              <Table.Td>
                <Text size="xs" c={r.lastError ? 'red.8' : 'dimmed'} data-testid="outbox-error">
                  {r.lastError ?? EMPTY}
                </Text>
              </Table.Td>
              <Table.Td>
                {r.status === 'failed' && (
                  <Button
                    size="compact-xs"
                    variant="light"
                    loading={props.retrying === r.id}
                    disabled={props.retrying !== null && props.retrying !== r.id}
                    onClick={() => props.onRetry(r)}
                    aria-label={`Retry: ${r.subject} to ${RECIPIENT_LABELS[r.recipientKind].toLowerCase()}`}
                  >
                    Retry
                  </Button>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function SuspensionSection({ list }: { readonly list: SuspensionList }) {
  return (
    <Table.ScrollContainer minWidth={900}>
      <Table striped fz="sm" verticalSpacing={4} aria-label="Suspension list" data-testid="suspension-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Clinician</Table.Th>
            <Table.Th scope="col">On the list since</Table.Th>
            <Table.Th scope="col">Delinquent records</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {list.clinicians.length === 0 && (
            <Table.Tr>
              <Table.Td colSpan={3}>No clinician is on the suspension list.</Table.Td>
            </Table.Tr>
          )}
          {list.clinicians.map((c) => (
            <Table.Tr key={c.practitionerId} data-testid="suspension-clinician">
              <Table.Th scope="row" fw={400} style={{ verticalAlign: 'top' }}>
                <Text size="sm" fw={600}>
                  {c.name}
                </Text>
                {c.specialty && (
                  <Text size="xs" c="dimmed">
                    {c.specialty}
                  </Text>
                )}
              </Table.Th>
              <Table.Td className="charta-nowrap" style={{ verticalAlign: 'top' }}>
                {formatDateTime(c.since)}
              </Table.Td>
              <Table.Td>
                <Stack gap={2} component="ul" className="charta-plain-list">
                  {c.deficiencies.map((d) => (
                    <Text component="li" size="sm" key={d.id} data-testid="suspension-deficiency">
                      {d.title}
                      {' · '}
                      {d.accountNumber ?? 'account not shown'}
                      {d.facility ? ` · ${d.facility}` : ''}
                      <Text span size="xs" c="dimmed">
                        {` · due ${day(d.dueAt)}, delinquent ${day(d.delinquentAt)}`}
                      </Text>
                    </Text>
                  ))}
                </Stack>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function LadderSection({ settings }: { readonly settings: NotificationSettings }) {
  const { ladder } = settings;
  const source = describeInForce(settings);
  return (
    <Stack gap={4}>
      <Text size="xs" c="dimmed" data-testid="ladder-source">
        In force: {source}
        {settings.createdAt ? `, saved ${formatDateTime(settings.createdAt)}` : ''}
        {settings.note ? ` (${settings.note})` : ''}.{' '}
        {ladder.repeatEveryDays === null
          ? 'Not repeated while a deficiency stays on a step.'
          : `The clinician is notified again every ${ladder.repeatEveryDays} days while a deficiency stays on a step.`}
      </Text>
      <Table.ScrollContainer minWidth={700}>
        <Table striped fz="sm" verticalSpacing={4} aria-label="Escalation ladder" data-testid="ladder-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Step</Table.Th>
              <Table.Th scope="col">When</Table.Th>
              <Table.Th scope="col">Channels</Table.Th>
              <Table.Th scope="col">Recipients</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {ladder.steps.length === 0 && (
              <Table.Tr>
                <Table.Td colSpan={4}>No steps: nobody is notified.</Table.Td>
              </Table.Tr>
            )}
            {ladder.steps.map((s) => (
              <Table.Tr key={s.id}>
                <Table.Th scope="row" fw={500}>
                  {STEP_LABELS[s.id]}
                </Table.Th>
                <Table.Td>{describeStepTiming(s)}</Table.Td>
                <Table.Td>{joinLabels(s.channels, CHANNEL_LABELS)}</Table.Td>
                <Table.Td>{joinLabels(s.recipients, RECIPIENT_LABELS)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Text size="xs" c="dimmed">
        Department chairs:{' '}
        {ladder.contacts.departmentChairs.length === 0
          ? 'none set'
          : ladder.contacts.departmentChairs.map((c) => `${c.specialty ?? 'all specialties'} (${c.email})`).join('; ')}
        . Medical staff office: {ladder.contacts.medicalStaffOffice ?? 'none set'}.
      </Text>
    </Stack>
  );
}

/**
 * Deficiency notifications for HIM: run the notifications now and see what was written, the e-mail outbox with its
 * failures and a retry for each, the suspension list, and the escalation ladder in force for a facility, which those
 * who manage the completion rules may edit.
 */
export function NotificationsPage() {
  const api = useNotificationsApi();
  const { can } = useSession();
  const mayRead = can(Action.completionRead);
  const mayManageLadder = can(Action.completionRulesManage);
  const [status, setStatus] = useState<OutboxStatus>('failed');
  const [generation, setGeneration] = useState(0);
  const [running, setRunning] = useState(false);
  const [runResult, setRunResult] = useState<NotificationRunResult | null>(null);
  const [actionProblem, setActionProblem] = useState<ProblemDetails | null>(null);
  const [retrying, setRetrying] = useState<string | null>(null);
  const [retried, setRetried] = useState<RetryOutcome | null>(null);
  const [facilityDraft, setFacilityDraft] = useState('');
  const [facility, setFacility] = useState('');
  /** Bumped to read the ladder again for the same facility. */
  const [ladderGeneration, setLadderGeneration] = useState(0);
  /** The version just saved, shown until the ladder is read again. */
  const [savedLadder, setSavedLadder] = useState<NotificationSettings | null>(null);
  const [editingLadder, setEditingLadder] = useState(false);
  const [savedNotice, setSavedNotice] = useState(false);

  const outbox = useRemote(JSON.stringify(['outbox', status, generation]), (signal) => api.outbox(status, signal));
  const suspension = useRemote(mayRead ? `suspension-${generation}` : null, (signal) => api.suspensionList(signal));
  const settingsKey = mayRead ? JSON.stringify(['settings', facility, ladderGeneration]) : null;
  const settings = useRemote(settingsKey, (signal) => api.settings(facility, signal));
  const ladder = savedLadder ?? (settings.key === settingsKey ? settings.data : null);
  const reloadLadder = () => {
    setSavedLadder(null);
    setSavedNotice(false);
    setLadderGeneration((g) => g + 1);
  };
  const refresh = () => setGeneration((g) => g + 1);

  const runNow = () => {
    setRunning(true);
    setActionProblem(null);
    setRetried(null);
    api.run().then(
      (r) => {
        setRunning(false);
        setRunResult(r);
        refresh();
      },
      (error: unknown) => {
        setRunning(false);
        setActionProblem(problemOf(error));
      },
    );
  };

  const retry = (row: OutboxNotification) => {
    setRetrying(row.id);
    setActionProblem(null);
    setRetried(null);
    api.retry(row.id).then(
      (updated) => {
        setRetrying(null);
        setRetried({ subject: row.subject, row: updated });
        refresh();
      },
      (error: unknown) => {
        setRetrying(null);
        setActionProblem(problemOf(error));
        // A 409 means the row changed meanwhile (sent by the timer, retried elsewhere): show it as it is now.
        refresh();
      },
    );
  };

  const showFacility = (e: FormEvent) => {
    e.preventDefault();
    setFacility(facilityDraft.trim());
    setEditingLadder(false);
    reloadLadder();
  };
  const ladderSaved = (saved: NotificationSettings) => {
    setSavedLadder(saved);
    setSavedNotice(true);
    setEditingLadder(false);
  };

  const counts = outbox.data?.counts;
  return (
    <Stack gap="sm">
      <PageTitle
        testId="notifications-title"
        description="Reminders and escalations about open deficiencies: what the last run wrote, e-mail that could not be delivered, and the clinicians on the suspension list."
        actions={
          <>
            <Button size="xs" variant="default" onClick={refresh} loading={outbox.loading}>
              Refresh
            </Button>
            <Button size="xs" onClick={runNow} loading={running} data-testid="notifications-run">
              Run notifications now
            </Button>
          </>
        }
      >
        Deficiency notifications
      </PageTitle>

      {runResult && (
        <Alert
          color="green"
          variant="light"
          role="status"
          title={`Notifications run at ${formatDateTime(runResult.at)}`}
          withCloseButton
          onClose={() => setRunResult(null)}
          data-testid="notification-run-result"
        >
          <Text size="sm">{describeRunResult(runResult)}.</Text>
        </Alert>
      )}
      {actionProblem && <ProblemAlert problem={actionProblem} onClose={() => setActionProblem(null)} />}
      {retried && (
        <Alert
          color={retried.row.status === 'sent' ? 'green' : 'orange'}
          variant="light"
          role="status"
          withCloseButton
          onClose={() => setRetried(null)}
          data-testid="notification-retry-result"
        >
          <Text size="sm">
            {retried.row.status === 'sent'
              ? `Sent “${retried.subject}” to ${retried.row.recipientEmail ?? 'the recipient'}.`
              : `“${retried.subject}” failed again: ${retried.row.lastError ?? 'no reason given'}.`}
          </Text>
        </Alert>
      )}

      <Paper withBorder p="sm" component="section" aria-labelledby="outbox-title">
        <Group justify="space-between" mb="xs">
          <Title order={2} size="h5" id="outbox-title">
            E-mail outbox
          </Title>
          <Group gap="xs">
            {outbox.loading && <Loader size="xs" aria-label="Loading the outbox" />}
            <SegmentedControl
              size="xs"
              aria-label="Show e-mail"
              value={status}
              onChange={(v) => setStatus(OUTBOX_VIEWS.find((o) => o.value === v)?.value ?? 'failed')}
              data={OUTBOX_VIEWS.map((o) => ({
                value: o.value,
                label: o.count !== null && counts ? `${o.label} (${counts[o.count]})` : o.label,
              }))}
              data-testid="outbox-views"
            />
          </Group>
        </Group>
        {outbox.problem && <ProblemAlert problem={outbox.problem} />}
        <OutboxTable
          rows={outbox.data?.notifications ?? []}
          busy={outbox.loading}
          retrying={retrying}
          onRetry={retry}
        />
      </Paper>

      {mayRead && (
        <Paper withBorder p="sm" component="section" aria-labelledby="suspension-title">
          <Title order={2} size="h5" id="suspension-title" mb={4}>
            Suspension list
          </Title>
          <Text size="xs" c="dimmed" mb="xs">
            Clinicians with open deficiencies that reached the suspension step of their facility’s ladder. Records with
            sensitivity labels you may not see are left out.
          </Text>
          {suspension.problem && <ProblemAlert problem={suspension.problem} />}
          {suspension.loading && suspension.data === null && (
            <Loader size="xs" aria-label="Loading the suspension list" />
          )}
          {suspension.data && <SuspensionSection list={suspension.data} />}
        </Paper>
      )}

      {mayRead && (
        <Paper withBorder p="sm" component="section" aria-labelledby="ladder-title">
          <Title order={2} size="h5" id="ladder-title" mb={4}>
            Escalation ladder
          </Title>
          <form onSubmit={showFacility} noValidate aria-label="Facility">
            <Group align="flex-end" gap="xs" mb="xs">
              <TextInput
                size="xs"
                label="Facility"
                description="Empty: the organisation’s default"
                value={facilityDraft}
                maxLength={100}
                onChange={(e) => setFacilityDraft(e.currentTarget.value)}
              />
              <Button type="submit" size="xs" variant="default" loading={settings.loading}>
                Show
              </Button>
            </Group>
          </form>
          {settings.problem && <ProblemAlert problem={settings.problem} />}
          {savedLadder && savedNotice && (
            <Alert
              color="green"
              variant="light"
              role="status"
              mb="xs"
              withCloseButton
              onClose={() => setSavedNotice(false)}
              data-testid="ladder-saved"
            >
              <Text size="sm">
                Saved version {savedLadder.version}. Now in force: {describeInForce(savedLadder)}.
              </Text>
            </Alert>
          )}
          {ladder && <LadderSection settings={ladder} />}
          {ladder && mayManageLadder && !editingLadder && (
            <Group mt="xs">
              <Button
                size="xs"
                variant="light"
                onClick={() => {
                  setEditingLadder(true);
                  setSavedNotice(false);
                }}
                data-testid="ladder-edit"
              >
                Edit this ladder
              </Button>
            </Group>
          )}
          {ladder && mayManageLadder && editingLadder && (
            <Paper withBorder p="sm" mt="xs">
              <LadderEditor
                key={`${ladder.facility}|${ladder.version}|${ladderGeneration}`}
                settings={ladder}
                onSaved={ladderSaved}
                onReload={reloadLadder}
                onCancel={() => setEditingLadder(false)}
              />
            </Paper>
          )}
        </Paper>
      )}
    </Stack>
  );
}
