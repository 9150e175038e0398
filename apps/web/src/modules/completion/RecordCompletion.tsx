import { useState, type FormEvent } from 'react';
import {
  Badge,
  Button,
  Group,
  Loader,
  Modal,
  NativeSelect,
  Paper,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { Action } from '@charta/core';
import {
  DeficiencyCreate,
  DeficiencyKind,
  DeficiencyReassign,
  DeficiencyWaive,
  type Deficiency,
  type EncounterDetail,
  type ProblemDetails,
} from '@charta/contracts';
import { fieldMessages, problemOf } from '../../api/problem.js';
import { validate } from '../../api/validate.js';
import { PageTitle } from '../../components/PageTitle.js';
import { ProblemAlert } from '../../components/ProblemAlert.js';
import { formatDateTime } from '../../format/datetime.js';
import { useSession } from '../../session/session-context.js';
import { queueLabel } from '../coding-work/work-format.js';
import { useRemote } from '../encoder/use-encoder-api.js';
import type { CompletionApi } from './completion-api.js';
import {
  dayOf,
  ITEM_STATUS_COLORS,
  ITEM_STATUS_LABELS,
  KIND_LABELS,
  NONE,
  RECORD_STATUS_COLORS,
  RECORD_STATUS_LABELS,
  TIMING_COLORS,
  TIMING_LABELS,
} from './completion-format.js';

export interface RecordCompletionProps {
  readonly api: CompletionApi;
  readonly encounterId: string;
  readonly onBack: () => void;
}

type Change =
  | { readonly kind: 'reassign'; readonly deficiency: Deficiency }
  | { readonly kind: 'waive'; readonly deficiency: Deficiency };

const clinicianName = (c: EncounterDetail['clinicians'][number]): string =>
  [c.givenName, c.familyName].filter(Boolean).join(' ') + (c.credentials ? `, ${c.credentials}` : '');

/** Clinicians of the encounter as choices (one per practitioner, with their roles). */
function clinicianChoices(detail: EncounterDetail | null): { value: string; label: string }[] {
  const byId = new Map<string, { name: string; roles: string[] }>();
  for (const c of detail?.clinicians ?? []) {
    const entry = byId.get(c.practitionerId) ?? { name: clinicianName(c), roles: [] };
    entry.roles.push(c.role);
    byId.set(c.practitionerId, entry);
  }
  return [...byId.entries()].map(([value, e]) => ({ value, label: `${e.name} (${e.roles.join(', ')})` }));
}

/**
 * One record's completion analysis for HIM: every requirement (met, pending or owed, with its deadline and source),
 * the consistency findings and the deficiencies. A technician marks the record reviewed, adds a deficiency by hand,
 * and reassigns or waives one with a reason.
 */
export function RecordCompletion({ api, encounterId, onBack }: RecordCompletionProps) {
  const { can } = useSession();
  const canManage = can(Action.completionManage);
  const [generation, setGeneration] = useState(0);
  const analysis = useRemote(`${encounterId}:${generation}`, (signal) => api.encounterCompletion(encounterId, signal));
  const detail = useRemote(encounterId, (signal) => api.encounter(encounterId, signal));
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ProblemDetails | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [change, setChange] = useState<Change | null>(null);
  const [adding, setAdding] = useState(false);
  const reload = () => setGeneration((g) => g + 1);

  const data = analysis.data;
  const enc = detail.data;
  const clinicians = clinicianChoices(enc);
  const nameOf = (practitionerId: string | null): string =>
    practitionerId === null
      ? 'Unassigned'
      : (clinicians.find((c) => c.value === practitionerId)?.label.replace(/ \(.*\)$/u, '') ?? 'Another clinician');

  const review = async () => {
    setBusy(true);
    setProblem(null);
    setNotice(null);
    try {
      await api.review(encounterId, note);
      setNote('');
      setNotice('Marked reviewed: the record has left the to-review view.');
      reload();
    } catch (error) {
      setProblem(problemOf(error));
    } finally {
      setBusy(false);
    }
  };

  const heading = enc ? `${enc.patient.familyName}, ${enc.patient.givenName}` : 'Record completion';
  return (
    <Stack gap="sm">
      <PageTitle
        testId="record-completion-title"
        description={
          enc
            ? `Account ${enc.accountNumber ?? NONE} · ${queueLabel(enc.type)} · admitted ${dayOf(enc.admitAt)} · discharged ${dayOf(enc.dischargeAt)}`
            : undefined
        }
        actions={
          <Button size="xs" variant="default" onClick={onBack}>
            Back to the list
          </Button>
        }
      >
        {heading}
      </PageTitle>
      {detail.problem && <ProblemAlert problem={detail.problem} />}
      {analysis.problem && <ProblemAlert problem={analysis.problem} />}
      {problem && <ProblemAlert problem={problem} onClose={() => setProblem(null)} />}
      {notice && (
        <Text size="sm" c="green.8" role="status">
          {notice}
        </Text>
      )}
      {!data && !analysis.problem && <Loader size="sm" aria-label="Loading the analysis" />}
      {data && (
        <>
          <Group gap="md" align="center">
            <Badge
              size="lg"
              variant="light"
              color={RECORD_STATUS_COLORS[data.recordStatus]}
              data-testid="record-status"
            >
              {RECORD_STATUS_LABELS[data.recordStatus]}
            </Badge>
            <Text size="xs" c="dimmed">
              Analysed {formatDateTime(data.analyzedAt)} with rule set version {data.ruleSetVersion}
            </Text>
          </Group>

          {canManage && (
            <Paper withBorder p="sm" component="section" aria-labelledby="review-title">
              <Title order={2} size="h5" id="review-title" mb={4}>
                Review
              </Title>
              <Group align="flex-end" gap="xs">
                <TextInput
                  label="Review note (optional)"
                  size="xs"
                  value={note}
                  onChange={(e) => setNote(e.currentTarget.value)}
                  style={{ flex: 1 }}
                />
                <Button size="xs" onClick={() => void review()} loading={busy}>
                  Mark reviewed
                </Button>
                <Button size="xs" variant="default" onClick={() => setAdding(true)}>
                  Add deficiency
                </Button>
              </Group>
            </Paper>
          )}

          <section aria-labelledby="items-title">
            <Title order={2} size="h5" id="items-title" mb={4}>
              Requirements
            </Title>
            <Table.ScrollContainer minWidth={1000}>
              <Table striped fz="sm" verticalSpacing={4} aria-label="Requirements">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">Requirement</Table.Th>
                    <Table.Th scope="col">Status</Table.Th>
                    <Table.Th scope="col">From</Table.Th>
                    <Table.Th scope="col">Due</Table.Th>
                    <Table.Th scope="col">Delinquent from</Table.Th>
                    <Table.Th scope="col">Met</Table.Th>
                    <Table.Th scope="col">Responsible</Table.Th>
                    <Table.Th scope="col">Source</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.items.map((i) => (
                    <Table.Tr key={i.key} data-testid="completion-item" data-rule={i.ruleId}>
                      <Table.Td>{i.title}</Table.Td>
                      <Table.Td>
                        <Badge size="sm" variant="light" color={ITEM_STATUS_COLORS[i.status]}>
                          {ITEM_STATUS_LABELS[i.status]}
                        </Badge>
                        {i.late && (
                          <Badge size="sm" variant="light" color="orange" ml={4}>
                            late
                          </Badge>
                        )}
                      </Table.Td>
                      <Table.Td className="charta-nowrap">
                        {i.anchor} {dayOf(i.anchorAt)}
                      </Table.Td>
                      <Table.Td className="charta-nowrap">{formatDateTime(i.dueAt)}</Table.Td>
                      <Table.Td className="charta-nowrap">{dayOf(i.delinquentAt)}</Table.Td>
                      <Table.Td className="charta-nowrap">{formatDateTime(i.satisfiedAt)}</Table.Td>
                      <Table.Td>
                        {i.responsible.role}: {nameOf(i.responsible.practitionerId)}
                      </Table.Td>
                      <Table.Td>
                        <Text size="xs">{i.citation.source}</Text>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                  {data.items.length === 0 && (
                    <Table.Tr>
                      <Table.Td colSpan={8}>No completion rule applies to this encounter.</Table.Td>
                    </Table.Tr>
                  )}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </section>

          <section aria-labelledby="findings-title">
            <Title order={2} size="h5" id="findings-title" mb={4}>
              Consistency findings ({data.findings.length})
            </Title>
            {data.findings.length === 0 ? (
              <Text size="sm" c="dimmed">
                None: the documents agree with the encounter.
              </Text>
            ) : (
              <Stack gap={4} component="ul" className="charta-plain-list">
                {data.findings.map((f, i) => (
                  <Text component="li" size="sm" key={`${f.ruleId}-${f.path}-${i}`} data-testid="completion-finding">
                    <Badge size="xs" variant="light" color={f.severity === 'error' ? 'red' : 'yellow'} mr={6}>
                      {f.severity}
                    </Badge>
                    {f.message}{' '}
                    <Text span size="xs" c="dimmed">
                      ({f.ruleId}; {f.citation.source})
                    </Text>
                  </Text>
                ))}
              </Stack>
            )}
          </section>

          <section aria-labelledby="deficiencies-title">
            <Title order={2} size="h5" id="deficiencies-title" mb={4}>
              Deficiencies
            </Title>
            <Table.ScrollContainer minWidth={1000}>
              <Table striped fz="sm" verticalSpacing={4} aria-label="Deficiencies of this record">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">Requirement</Table.Th>
                    <Table.Th scope="col">Kind</Table.Th>
                    <Table.Th scope="col">Clinician</Table.Th>
                    <Table.Th scope="col">Due</Table.Th>
                    <Table.Th scope="col">Timing or status</Table.Th>
                    <Table.Th scope="col">Reason</Table.Th>
                    <Table.Th scope="col">Action</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.deficiencies.map((d) => (
                    <Table.Tr key={d.id} data-testid="record-deficiency" data-status={d.status}>
                      <Table.Td>{d.title}</Table.Td>
                      <Table.Td>{KIND_LABELS[d.kind]}</Table.Td>
                      <Table.Td>{d.practitionerName ?? 'Unassigned'}</Table.Td>
                      <Table.Td className="charta-nowrap">{dayOf(d.dueAt)}</Table.Td>
                      <Table.Td>
                        {d.timing ? (
                          <Badge size="sm" variant="light" color={TIMING_COLORS[d.timing]}>
                            {TIMING_LABELS[d.timing]}
                          </Badge>
                        ) : (
                          `${d.status} ${dayOf(d.closedAt)}`
                        )}
                      </Table.Td>
                      <Table.Td>{d.reason ?? ''}</Table.Td>
                      <Table.Td>
                        {canManage && d.status === 'open' && (
                          <Group gap={4} wrap="nowrap">
                            <Button
                              size="compact-xs"
                              variant="default"
                              aria-label={`Reassign ${d.title}`}
                              onClick={() => setChange({ kind: 'reassign', deficiency: d })}
                            >
                              Reassign
                            </Button>
                            <Button
                              size="compact-xs"
                              variant="default"
                              color="red"
                              aria-label={`Waive ${d.title}`}
                              onClick={() => setChange({ kind: 'waive', deficiency: d })}
                            >
                              Waive
                            </Button>
                          </Group>
                        )}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                  {data.deficiencies.length === 0 && (
                    <Table.Tr>
                      <Table.Td colSpan={7}>No deficiencies.</Table.Td>
                    </Table.Tr>
                  )}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </section>
        </>
      )}
      {change && (
        <ChangeDeficiencyModal
          api={api}
          change={change}
          clinicians={clinicians}
          onDone={() => {
            setChange(null);
            reload();
          }}
          onCancel={() => setChange(null)}
        />
      )}
      {adding && (
        <AddDeficiencyModal
          api={api}
          encounterId={encounterId}
          clinicians={clinicians}
          documents={(enc?.documents ?? []).map((d) => ({
            value: d.id,
            label: `${d.typeLabel}, ${dayOf(d.authoredAt)}`,
          }))}
          onDone={() => {
            setAdding(false);
            reload();
          }}
          onCancel={() => setAdding(false)}
        />
      )}
    </Stack>
  );
}

function ChangeDeficiencyModal(props: {
  readonly api: CompletionApi;
  readonly change: Change;
  readonly clinicians: readonly { value: string; label: string }[];
  readonly onDone: () => void;
  readonly onCancel: () => void;
}) {
  const { api, change, clinicians, onDone, onCancel } = props;
  const d = change.deficiency;
  const others = clinicians.filter((c) => c.value !== d.practitionerId);
  const [practitionerId, setPractitionerId] = useState(others[0]?.value ?? '');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ProblemDetails | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const checked =
      change.kind === 'reassign'
        ? validate(DeficiencyReassign, { practitionerId, reason })
        : validate(DeficiencyWaive, { reason });
    if (!checked.ok) {
      setFields(fieldMessages(checked.errors));
      return;
    }
    setFields({});
    setBusy(true);
    setProblem(null);
    try {
      if (change.kind === 'reassign') await api.reassign(d.id, practitionerId, reason);
      else await api.waive(d.id, reason);
      onDone();
    } catch (error) {
      const p = problemOf(error);
      setProblem(p);
      setFields(fieldMessages(p.errors));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      opened
      onClose={onCancel}
      centered
      title={change.kind === 'reassign' ? 'Reassign the deficiency' : 'Waive the deficiency'}
    >
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Stack gap="sm">
          <Text size="sm">
            {d.title} — now {d.practitionerName ?? 'unassigned'}
          </Text>
          {problem && (
            <ProblemAlert problem={problem} placed={['/practitionerId', '/reason']} onClose={() => setProblem(null)} />
          )}
          {change.kind === 'reassign' && (
            <NativeSelect
              label="Assign to"
              value={practitionerId}
              onChange={(e) => setPractitionerId(e.currentTarget.value)}
              data={others.length > 0 ? others : [{ value: '', label: 'No other clinician on this encounter' }]}
              error={fields['/practitionerId']}
            />
          )}
          <Textarea
            label="Reason"
            required
            autosize
            minRows={2}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            error={fields['/reason']}
          />
          <Group justify="flex-end" gap="xs">
            <Button variant="default" onClick={onCancel} disabled={busy}>
              Cancel
            </Button>
            <Button type="submit" loading={busy} {...(change.kind === 'waive' ? { color: 'red' } : {})}>
              {change.kind === 'reassign' ? 'Reassign' : 'Waive'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** End of the chosen local day, as an instant with offset (the contract's isoInstant). */
function endOfDay(day: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/u.test(day)) return day;
  const d = new Date(`${day}T23:59:00`);
  return Number.isNaN(d.getTime()) ? day : d.toISOString();
}

function AddDeficiencyModal(props: {
  readonly api: CompletionApi;
  readonly encounterId: string;
  readonly clinicians: readonly { value: string; label: string }[];
  readonly documents: readonly { value: string; label: string }[];
  readonly onDone: () => void;
  readonly onCancel: () => void;
}) {
  const { api, encounterId, clinicians, documents, onDone, onCancel } = props;
  const [kind, setKind] = useState<Deficiency['kind']>('other');
  const [title, setTitle] = useState('');
  const [practitionerId, setPractitionerId] = useState(clinicians[0]?.value ?? '');
  const [documentId, setDocumentId] = useState('');
  const [due, setDue] = useState('');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ProblemDetails | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const body = {
      encounterId,
      kind,
      title,
      practitionerId,
      dueAt: endOfDay(due),
      reason,
      ...(documentId !== '' ? { documentId } : {}),
    };
    const checked = validate(DeficiencyCreate, body);
    if (!checked.ok) {
      setFields(fieldMessages(checked.errors));
      return;
    }
    setFields({});
    setBusy(true);
    setProblem(null);
    try {
      await api.addDeficiency(checked.value);
      onDone();
    } catch (error) {
      const p = problemOf(error);
      setProblem(p);
      setFields(fieldMessages(p.errors));
    } finally {
      setBusy(false);
    }
  };

  const placed = ['/kind', '/title', '/practitionerId', '/documentId', '/dueAt', '/reason'];
  return (
    <Modal opened onClose={onCancel} centered size="lg" title="Add a deficiency">
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Stack gap="sm">
          {problem && <ProblemAlert problem={problem} placed={placed} onClose={() => setProblem(null)} />}
          <SimpleGrid cols={2} spacing="xs">
            <NativeSelect
              label="Kind"
              value={kind}
              onChange={(e) => setKind(DeficiencyKind.options.find((k) => k === e.currentTarget.value) ?? 'other')}
              data={DeficiencyKind.options.map((k) => ({ value: k, label: KIND_LABELS[k] }))}
              error={fields['/kind']}
            />
            <TextInput
              label="Due"
              type="date"
              required
              value={due}
              onChange={(e) => setDue(e.currentTarget.value)}
              error={fields['/dueAt']}
            />
          </SimpleGrid>
          <TextInput
            label="What is owed"
            required
            value={title}
            onChange={(e) => setTitle(e.currentTarget.value)}
            error={fields['/title']}
          />
          <NativeSelect
            label="Clinician"
            value={practitionerId}
            onChange={(e) => setPractitionerId(e.currentTarget.value)}
            data={clinicians.length > 0 ? clinicians : [{ value: '', label: 'No clinician on this encounter' }]}
            error={fields['/practitionerId']}
          />
          <NativeSelect
            label="Document (optional)"
            value={documentId}
            onChange={(e) => setDocumentId(e.currentTarget.value)}
            data={[{ value: '', label: 'None' }, ...documents]}
            error={fields['/documentId']}
          />
          <Textarea
            label="Reason"
            required
            autosize
            minRows={2}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            error={fields['/reason']}
          />
          <Group justify="flex-end" gap="xs">
            <Button variant="default" onClick={onCancel} disabled={busy}>
              Cancel
            </Button>
            <Button type="submit" loading={busy}>
              Add deficiency
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
