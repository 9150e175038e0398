import { useCallback, useEffect, useState } from 'react';
import {
  Alert,
  Badge,
  Button,
  Drawer,
  Grid,
  Group,
  Loader,
  Modal,
  NativeSelect,
  Paper,
  Stack,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { Action, displayCode, type CodeSystem } from '@charta/core';
import { HoldReason, type EhrCode, type EncounterDetail, type ProblemDetails } from '@charta/contracts';
import { problemOf } from '../../api/problem.js';
import { PageTitle } from '../../components/PageTitle.js';
import { ProblemAlert } from '../../components/ProblemAlert.js';
import { formatDateTime } from '../../format/datetime.js';
import { useLoad } from '../../hooks/use-load.js';
import { useSession } from '../../session/session-context.js';
import { CodeDetailPanel } from '../encoder/CodeDetailPanel.js';
import type { OpenCode } from '../encoder/CodeSearch.js';
import { todayIso } from '../encoder/encoder-format.js';
import { CodePicker } from './CodePicker.js';
import { addPicked, CodedRecordEditor } from './CodedRecordEditor.js';
import type { CodingWorkApi } from './coding-work-api.js';
import { DocumentsPane } from './DocumentsPane.js';
import { DrgPanel, FindingsPanel } from './FindingsPanel.js';
import { useCodingWork } from './use-coding-work.js';
import {
  dateOf,
  formatMoney,
  holdReasonLabel,
  HOLD_REASON_LABELS,
  queueLabel,
  statusLabel,
  STATUS_COLORS,
} from './work-format.js';
import type { WorkItemStatus } from '@charta/contracts';

/** While the workbench is open and visible, the coding-time clock is told the coder is still working this often. */
const HEARTBEAT_MS = 60_000;

export interface WorkbenchProps {
  readonly api: CodingWorkApi;
  readonly encounterId: string;
  readonly onBack: () => void;
}

/** Reports coding time for the encounter: start on open, heartbeats while the page is visible, stop on leaving. */
function useCodingTime(api: CodingWorkApi, encounterId: string, enabled: boolean): void {
  useEffect(() => {
    if (!enabled) return;
    const report = (action: 'start' | 'heartbeat' | 'stop') => {
      api.session(encounterId, action).catch(() => undefined);
    };
    report('start');
    const timer = window.setInterval(() => {
      if (document.visibilityState === 'visible') report('heartbeat');
    }, HEARTBEAT_MS);
    return () => {
      window.clearInterval(timer);
      report('stop');
    };
  }, [api, encounterId, enabled]);
}

function EhrHints({
  codes,
  onUse,
  locked,
}: {
  codes: readonly EhrCode[];
  onUse: (c: EhrCode) => void;
  locked: boolean;
}) {
  return (
    <Paper withBorder p="sm" component="section" aria-labelledby="ehr-codes-title" bg="var(--mantine-color-gray-0)">
      <Title order={2} size="h6" id="ehr-codes-title">
        Codes from the EHR
      </Title>
      <Text size="xs" c="dimmed" mb={4}>
        Hints only, as the EHR sent them: not HIM&apos;s coded record.
      </Text>
      {codes.length === 0 ? (
        <Text size="sm" c="dimmed">
          The EHR sent no codes for this encounter.
        </Text>
      ) : (
        <ul className="charta-plain-list" aria-label="Codes from the EHR" data-testid="ehr-codes">
          {codes.map((c) => {
            const usable = c.system === 'ICD-10-CM' || c.system === 'ICD-10-PCS';
            const shown = usable ? displayCode(c.system as CodeSystem, c.code.replace('.', '')) : c.code;
            return (
              <li key={c.id}>
                <Group gap={6} wrap="nowrap" justify="space-between">
                  <Text size="sm">
                    <Text span ff="monospace" fw={600}>
                      {shown}
                    </Text>{' '}
                    <Text span size="xs" c="dimmed">
                      {c.system} · {c.kind}
                      {c.clinicalStatus ? ` · ${c.clinicalStatus}` : ''}
                    </Text>{' '}
                    {c.display}
                  </Text>
                  {usable && (
                    <Button
                      size="compact-xs"
                      variant="subtle"
                      disabled={locked}
                      aria-label={`Use EHR code ${shown}`}
                      onClick={() => onUse(c)}
                    >
                      Use
                    </Button>
                  )}
                </Group>
              </li>
            );
          })}
        </ul>
      )}
    </Paper>
  );
}

function EncounterHeader({ encounter }: { encounter: EncounterDetail }) {
  const p = encounter.patient;
  const facts: [string, string][] = [
    ['MRN', p.mrn],
    ['Account', encounter.accountNumber ?? '—'],
    ['Type', queueLabel(encounter.type)],
    ['Admitted', formatDateTime(encounter.admitAt)],
    ['Discharged', formatDateTime(encounter.dischargeAt)],
    ['Disposition', encounter.dischargeDisposition ?? '—'],
    ['Age', encounter.ageAtAdmission === null ? '—' : String(encounter.ageAtAdmission)],
    ['Sex', p.sex],
    ['Service', encounter.service ?? '—'],
    ['Payer', encounter.payer ?? '—'],
    ['Charges', formatMoney(encounter.totalCharges) || '—'],
  ];
  return (
    <Group gap="md" mb="sm" component="dl" aria-label="Encounter" style={{ margin: 0 }}>
      {facts.map(([label, value]) => (
        <div key={label}>
          <Text component="dt" size="xs" c="dimmed">
            {label}
          </Text>
          <Text component="dd" size="sm" fw={500} m={0}>
            {value}
          </Text>
        </div>
      ))}
    </Group>
  );
}

/**
 * The coder workbench for one encounter: the record's documents on the left; on the right the coded record, edited
 * with the Encoder's search and saved as it changes, with the findings and (inpatient) the working MS-DRG of the
 * codes as saved. A final record is locked; changing it asks for a reason and re-opens it.
 */
export function Workbench({ api, encounterId, onBack }: WorkbenchProps) {
  const { session, can } = useSession();
  const encounter = useLoad(() => api.encounter(encounterId));
  const work = useCodingWork(api, encounterId);
  const [picking, setPicking] = useState(false);
  const [detail, setDetail] = useState<OpenCode | null>(null);
  const [holdOpen, setHoldOpen] = useState(false);
  const [changeOpen, setChangeOpen] = useState(false);
  const [actionProblem, setActionProblem] = useState<ProblemDetails | null>(null);
  const [busy, setBusy] = useState(false);

  const canWrite = can(Action.codingWrite);
  const canFinalize = can(Action.codingFinalize);
  useCodingTime(api, encounterId, canWrite);

  const e = encounter.data;
  const state = work.state;
  const draft = work.draft;
  const status: WorkItemStatus | null = state?.status ?? null;
  const locked = !canWrite || status === 'final';
  const inpatient = e?.type === 'inpatient';
  // The code-set release is chosen by the discharge date for a stay, the service date otherwise (DOMAIN.md §1.2).
  const codeDate = dateOf(e?.dischargeAt) || dateOf(e?.admitAt) || todayIso();
  const item = e?.workItem ?? null;
  const mine = item?.assigneeId === session.user.id;

  const run = useCallback(
    async (action: () => Promise<unknown>) => {
      setBusy(true);
      setActionProblem(null);
      try {
        await action();
        encounter.reload();
        return true;
      } catch (error) {
        setActionProblem(problemOf(error));
        return false;
      } finally {
        setBusy(false);
      }
    },
    [encounter],
  );

  const onUseEhr = (c: EhrCode) => {
    if (draft === null) return;
    const target = c.system === 'ICD-10-CM' ? 'diagnosis' : 'procedure';
    work.edit((d) => addPicked(d, target, { system: c.system, code: c.code }, codeDate));
  };

  if (encounter.problem) {
    return (
      <Stack gap="sm">
        <Button variant="subtle" onClick={onBack} w="fit-content">
          ← Back to the queue
        </Button>
        <ProblemAlert problem={encounter.problem} />
      </Stack>
    );
  }
  if (e === null) return <Loader aria-label="Loading the encounter" />;

  const errors = state?.summary.errors ?? 0;
  const finaliseBlocked = locked || state === null || work.checking || work.fieldErrors.length > 0 || errors > 0;
  const finaliseWhy =
    errors > 0
      ? `Fix the ${errors === 1 ? 'error' : `${errors} errors`} in the findings to finalise.`
      : work.checking
        ? 'Checking the latest change…'
        : work.fieldErrors.length > 0
          ? 'Complete the charge lines to finalise.'
          : '';

  return (
    <Stack gap="xs">
      <Button variant="subtle" size="compact-sm" onClick={onBack} w="fit-content">
        ← Back to the queue
      </Button>
      <PageTitle
        testId="workbench-title"
        description={`${queueLabel(e.type)} encounter · coding status ${status ? statusLabel(status) : '—'}`}
        actions={
          <Group gap="xs">
            {status && (
              <Badge color={STATUS_COLORS[status]} variant="light" data-testid="workbench-status">
                {status === 'final' ? 'Final: locked' : statusLabel(status)}
              </Badge>
            )}
            {canWrite && item && !mine && status !== 'final' && (
              <Button size="xs" variant="default" loading={busy} onClick={() => void run(() => api.take(encounterId))}>
                Take
              </Button>
            )}
            {canWrite && status !== 'final' && status !== 'on_hold' && (
              <Button size="xs" variant="default" onClick={() => setHoldOpen(true)}>
                Hold
              </Button>
            )}
            {canWrite && status === 'on_hold' && (
              <Button
                size="xs"
                variant="default"
                loading={busy}
                onClick={() => void run(() => api.resume(encounterId).then(work.reload))}
              >
                Take off hold
              </Button>
            )}
            {canFinalize && status !== 'final' && (
              <Button
                size="xs"
                color="teal"
                disabled={finaliseBlocked}
                aria-describedby={finaliseWhy ? 'finalise-why' : undefined}
                onClick={() => void work.finalize().then((ok) => ok && encounter.reload())}
              >
                Finalise
              </Button>
            )}
            {canWrite && status === 'final' && (
              <Button size="xs" variant="default" onClick={() => setChangeOpen(true)}>
                Change
              </Button>
            )}
          </Group>
        }
      >
        {e.patient.familyName}, {e.patient.givenName}
      </PageTitle>
      <EncounterHeader encounter={e} />
      {finaliseWhy && status !== 'final' && canFinalize && (
        <Text size="xs" c="dimmed" id="finalise-why">
          {finaliseWhy}
        </Text>
      )}
      {item?.holdReason && status === 'on_hold' && (
        <Alert color="orange" variant="light" p="xs" title={`On hold: ${holdReasonLabel(item.holdReason)}`}>
          {item.holdNote}
        </Alert>
      )}
      {status === 'final' && state && (
        <Alert color="green" variant="light" p="xs" data-testid="workbench-final">
          Final{state.finalBy ? ` by ${state.finalBy.displayName}` : ''}
          {state.finalAt ? ` on ${formatDateTime(state.finalAt)}` : ''} (version {state.version}). The coded record is
          locked; use Change to re-open it with a reason.
        </Alert>
      )}
      {actionProblem && <ProblemAlert problem={actionProblem} onClose={() => setActionProblem(null)} />}
      {work.problem && <ProblemAlert problem={work.problem} onClose={work.clearProblem} />}
      {work.problem?.status === 409 && (
        <Button size="xs" variant="light" w="fit-content" onClick={work.reload}>
          Load the latest version
        </Button>
      )}
      <Grid gap="md">
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <Stack gap="sm">
            <DocumentsPane api={api} documents={e.documents} />
            <EhrHints codes={e.ehrCodes} onUse={onUseEhr} locked={locked || draft === null} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <Stack gap="sm">
            <Title order={2} size="h5">
              Coded record
            </Title>
            {state === null || draft === null ? (
              <Loader size="sm" aria-label="Loading the coded record" />
            ) : (
              <>
                {inpatient && <DrgPanel state={state} checking={work.checking} />}
                <FindingsPanel state={state} checking={work.checking} />
                {!locked &&
                  (picking ? (
                    <CodePicker
                      date={codeDate}
                      onClose={() => setPicking(false)}
                      onAdd={(target, code) => work.edit((d) => addPicked(d, target, code, codeDate))}
                    />
                  ) : (
                    <Button variant="light" w="fit-content" onClick={() => setPicking(true)}>
                      Add codes
                    </Button>
                  ))}
                <CodedRecordEditor
                  draft={draft}
                  edit={work.edit}
                  locked={locked}
                  inpatient={inpatient}
                  findings={state.findings}
                  fieldErrors={work.fieldErrors}
                  onShowDetail={setDetail}
                />
              </>
            )}
          </Stack>
        </Grid.Col>
      </Grid>

      <Drawer opened={detail !== null} onClose={() => setDetail(null)} position="right" size="lg" title="Code detail">
        {detail && (
          <CodeDetailPanel
            key={`${detail.system}:${detail.code}`}
            open={detail}
            date={codeDate}
            onOpen={setDetail}
            onBuildPcs={() => undefined}
            onClose={() => setDetail(null)}
          />
        )}
      </Drawer>
      <HoldDialog
        opened={holdOpen}
        onCancel={() => setHoldOpen(false)}
        onHold={async (reason, note) => {
          const ok = await run(async () => {
            await work.flush();
            await api.hold(encounterId, { reason, ...(note !== '' ? { note } : {}) });
            work.reload();
          });
          if (ok) setHoldOpen(false);
        }}
        busy={busy}
        problem={actionProblem}
      />
      <ChangeDialog
        opened={changeOpen}
        onCancel={() => setChangeOpen(false)}
        onChange={async (reason) => {
          setBusy(true);
          const ok = await work.reopen(reason);
          setBusy(false);
          if (ok) {
            setChangeOpen(false);
            encounter.reload();
          }
        }}
        busy={busy}
        problem={work.problem}
      />
    </Stack>
  );
}

function HoldDialog(props: {
  opened: boolean;
  busy: boolean;
  problem: ProblemDetails | null;
  onCancel: () => void;
  onHold: (reason: HoldReason, note: string) => Promise<void>;
}) {
  const [reason, setReason] = useState<HoldReason>('awaiting_documentation');
  const [note, setNote] = useState('');
  return (
    <Modal opened={props.opened} onClose={props.onCancel} title="Put the encounter on hold" centered>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void props.onHold(reason, note.trim());
        }}
      >
        <Stack gap="sm">
          <NativeSelect
            label="Hold reason"
            data={HoldReason.options.map((r) => ({ value: r, label: HOLD_REASON_LABELS[r] }))}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value as HoldReason)}
            data-autofocus
          />
          <Textarea
            label="Note"
            description="What is awaited, from whom (optional)"
            maxLength={1000}
            autosize
            minRows={2}
            value={note}
            onChange={(e) => setNote(e.currentTarget.value)}
          />
          {props.problem && <ProblemAlert problem={props.problem} />}
          <Group justify="flex-end" gap="xs">
            <Button variant="default" onClick={props.onCancel} disabled={props.busy}>
              Cancel
            </Button>
            <Button type="submit" loading={props.busy}>
              Put on hold
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function ChangeDialog(props: {
  opened: boolean;
  busy: boolean;
  problem: ProblemDetails | null;
  onCancel: () => void;
  onChange: (reason: string) => Promise<void>;
}) {
  const [reason, setReason] = useState('');
  const tooShort = reason.trim().length < 3;
  return (
    <Modal opened={props.opened} onClose={props.onCancel} title="Change a final coded record" centered>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (!tooShort) void props.onChange(reason.trim());
        }}
      >
        <Stack gap="sm">
          <Text size="sm">
            The record is final. Changing it re-opens it as a new version; the reason is kept with the record&apos;s
            history and the audit trail.
          </Text>
          <Textarea
            label="Reason for the change"
            required
            maxLength={1000}
            autosize
            minRows={2}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            data-autofocus
          />
          {props.problem && <ProblemAlert problem={props.problem} />}
          <Group justify="flex-end" gap="xs">
            <Button variant="default" onClick={props.onCancel} disabled={props.busy}>
              Cancel
            </Button>
            <Button type="submit" loading={props.busy} disabled={tooShort}>
              Re-open for change
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
