import { useState, type FormEvent } from 'react';
import {
  Badge,
  Button,
  Group,
  Modal,
  Paper,
  Radio,
  SegmentedControl,
  Stack,
  Table,
  Tabs,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import {
  MpiNotDuplicateRequest,
  type MpiCandidateDetail,
  type MpiCandidateListItem,
  type MpiMerge,
  type ProblemDetails,
} from '@charta/contracts';
import { fieldMessages, problemOf } from '../../api/problem.js';
import { validate } from '../../api/validate.js';
import { PageTitle } from '../../components/PageTitle.js';
import { Pager } from '../../components/Pager.js';
import { ProblemAlert } from '../../components/ProblemAlert.js';
import { formatDateTime } from '../../format/datetime.js';
import { useRemote } from '../encoder/use-encoder-api.js';
import { QUEUE_PAGE_SIZE, type CandidateStatus } from './mpi-api.js';
import { comparisonRows, formatWeight, personLine, scoreBand, type Tone } from './mpi-view.js';
import { useMpiApi } from './use-mpi-api.js';
import './mpi.css';

const STATUS_LABELS: Readonly<Record<CandidateStatus, string>> = {
  open: 'Open',
  'not-duplicate': 'Not duplicates',
  merged: 'Merged',
};

const TONE_COLORS: Readonly<Record<Tone, string>> = {
  agree: 'green',
  partial: 'yellow',
  disagree: 'red',
  none: 'gray',
};
const TONE_WORDS: Readonly<Record<Tone, string>> = {
  agree: 'Agrees',
  partial: 'Partly agrees',
  disagree: 'Disagrees',
  none: '',
};

/** What the reason dialog is about to do. */
type PendingAction =
  | { kind: 'merge'; candidate: MpiCandidateDetail; survivorId: string }
  | { kind: 'not-duplicate'; candidate: MpiCandidateDetail }
  | { kind: 'unmerge'; merge: MpiMerge };

function ScoreBadge({ score, thresholds }: { score: number; thresholds: { match: number; review: number } }) {
  const band = scoreBand(score, thresholds);
  const color = band === 'likely' ? 'green' : band === 'possible' ? 'yellow' : 'gray';
  return (
    <Badge color={color} variant="light" title={`Match ≥ ${thresholds.match}, review ≥ ${thresholds.review}`}>
      {score.toFixed(1)}
    </Badge>
  );
}

/**
 * Master patient index: the queue of candidate duplicate records, each pair side by side with the evidence for and
 * against (the Fellegi-Sunter weight of every compared field), and the merge, "not a duplicate" and unmerge decisions,
 * each with a reason.
 */
export function MpiPage() {
  const api = useMpiApi();
  const [tab, setTab] = useState<string | null>('queue');
  const [status, setStatus] = useState<CandidateStatus>('open');
  const [offset, setOffset] = useState(0);
  const [selected, setSelected] = useState<string | null>(null);
  const [generation, setGeneration] = useState(0);
  const [pending, setPending] = useState<PendingAction | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [scanProblem, setScanProblem] = useState<ProblemDetails | null>(null);
  const [scanning, setScanning] = useState(false);

  const queue = useRemote(`${status}|${offset}|${generation}`, (signal) => api.candidates(status, offset, signal));
  const detail = useRemote(selected === null ? null : `${selected}|${generation}`, (signal) =>
    api.candidate(selected ?? '', signal),
  );
  const merges = useRemote(tab === 'merges' ? `merges|${generation}` : null, (signal) => api.merges(undefined, signal));

  const refresh = () => setGeneration((g) => g + 1);

  const scan = async () => {
    setScanProblem(null);
    setScanning(true);
    try {
      const r = await api.scan();
      setNotice(
        `Scanned ${r.scanned.toLocaleString('en-US')} patients in ${r.batches} batches; ${r.candidatesStored.toLocaleString('en-US')} candidate pairs stored or updated.`,
      );
      refresh();
    } catch (error) {
      setScanProblem(problemOf(error));
    } finally {
      setScanning(false);
    }
  };

  return (
    <Stack gap="sm">
      <PageTitle
        description="Records that may describe the same person. Compare each pair, then merge them or mark them as different people."
        actions={
          <Button variant="default" onClick={() => void scan()} loading={scanning} data-testid="mpi-scan">
            Scan all patients
          </Button>
        }
        testId="mpi-title"
      >
        Duplicate patients
      </PageTitle>
      {notice && (
        <Text size="sm" c="dimmed" role="status">
          {notice}
        </Text>
      )}
      {scanProblem && <ProblemAlert problem={scanProblem} onClose={() => setScanProblem(null)} />}
      <Tabs value={tab} onChange={setTab}>
        <Tabs.List>
          <Tabs.Tab value="queue">Review queue</Tabs.Tab>
          <Tabs.Tab value="merges">Merges</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="queue" pt="sm">
          <Stack gap="sm">
            <Group justify="space-between">
              <SegmentedControl
                size="xs"
                value={status}
                onChange={(v) => {
                  setStatus(v as CandidateStatus);
                  setOffset(0);
                  setSelected(null);
                }}
                data={(Object.keys(STATUS_LABELS) as CandidateStatus[]).map((s) => ({
                  value: s,
                  label: STATUS_LABELS[s],
                }))}
              />
              {queue.data && (
                <Text size="xs" c="dimmed">
                  {queue.data.total.toLocaleString('en-US')} pairs
                </Text>
              )}
            </Group>
            {queue.problem && <ProblemAlert problem={queue.problem} />}
            <QueueTable
              items={queue.data?.candidates ?? []}
              loading={queue.loading}
              selected={selected}
              onSelect={setSelected}
            />
            {queue.data !== null && queue.data.candidates.length === 0 && (
              <Text size="sm" c="dimmed">
                {status === 'open' ? 'No candidate duplicates are waiting for review.' : 'No pairs.'}
              </Text>
            )}
            {queue.data !== null && (
              <Pager offset={offset} pageSize={QUEUE_PAGE_SIZE} total={queue.data.total} onOffset={setOffset} />
            )}
            {detail.problem && <ProblemAlert problem={detail.problem} />}
            {detail.data && selected !== null && (
              <Comparison
                detail={detail.data}
                onMerge={(survivorId) => setPending({ kind: 'merge', candidate: detail.data!, survivorId })}
                onNotDuplicate={() => setPending({ kind: 'not-duplicate', candidate: detail.data! })}
              />
            )}
          </Stack>
        </Tabs.Panel>
        <Tabs.Panel value="merges" pt="sm">
          {merges.problem && <ProblemAlert problem={merges.problem} />}
          <MergeTable merges={merges.data?.merges ?? []} onUnmerge={(m) => setPending({ kind: 'unmerge', merge: m })} />
          {merges.data !== null && merges.data.merges.length === 0 && (
            <Text size="sm" c="dimmed">
              No merges yet.
            </Text>
          )}
        </Tabs.Panel>
      </Tabs>
      <ReasonModal
        pending={pending}
        onClose={() => setPending(null)}
        onDone={(message) => {
          setPending(null);
          setNotice(message);
          setSelected(null);
          refresh();
        }}
      />
    </Stack>
  );
}

function QueueTable({
  items,
  loading,
  selected,
  onSelect,
}: {
  items: readonly MpiCandidateListItem[];
  loading: boolean;
  selected: string | null;
  onSelect: (id: string) => void;
}) {
  return (
    <Table.ScrollContainer minWidth={860}>
      <Table striped highlightOnHover fz="sm" data-testid="mpi-queue" aria-busy={loading}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Score</Table.Th>
            <Table.Th>Record A</Table.Th>
            <Table.Th>Record B</Table.Th>
            <Table.Th>Main evidence</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((c) => (
            <Table.Tr
              key={c.id}
              data-testid="mpi-queue-row"
              className={c.id === selected ? 'charta-mpi-selected' : undefined}
            >
              <Table.Td>
                <Badge color={c.verdict === 'match' ? 'green' : 'yellow'} variant="light">
                  {c.score.toFixed(1)}
                </Badge>
              </Table.Td>
              <Table.Td>
                {personLine(c.a)}
                <Text size="xs" c="dimmed">
                  {c.a.mrn}
                </Text>
              </Table.Td>
              <Table.Td>
                {personLine(c.b)}
                <Text size="xs" c="dimmed">
                  {c.b.mrn}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="xs">{c.summary}</Text>
              </Table.Td>
              <Table.Td>
                <Button size="compact-xs" variant="light" onClick={() => onSelect(c.id)}>
                  Compare
                </Button>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function Comparison({
  detail,
  onMerge,
  onNotDuplicate,
}: {
  detail: MpiCandidateDetail;
  onMerge: (survivorId: string) => void;
  onNotDuplicate: () => void;
}) {
  const [survivor, setSurvivor] = useState<string>(detail.a.id);
  const rows = comparisonRows(detail);
  const open = detail.status === 'open';
  return (
    <Paper withBorder p="md" data-testid="mpi-comparison">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={3} size="h4">
            Side by side
          </Title>
          <Group gap="xs">
            <Text size="sm">Score</Text>
            <ScoreBadge score={detail.score} thresholds={detail.thresholds} />
          </Group>
        </Group>
        {!open && (
          <Text size="sm" c="dimmed">
            Decided ({STATUS_LABELS[detail.status as CandidateStatus]})
            {detail.decidedAt ? ` on ${formatDateTime(detail.decidedAt)}` : ''}
            {detail.decidedBy ? ` by ${detail.decidedBy}` : ''}
            {detail.decisionReason ? `: “${detail.decisionReason}”` : ''}
          </Text>
        )}
        <Table.ScrollContainer minWidth={860}>
          <Table fz="sm" verticalSpacing={4} data-testid="mpi-comparison-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Field</Table.Th>
                <Table.Th>Record A</Table.Th>
                <Table.Th>Record B</Table.Th>
                <Table.Th>Agreement</Table.Th>
                <Table.Th ta="right">Weight (bits)</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((r) => (
                <Table.Tr key={r.key} className={`charta-mpi-${r.tone}`} data-tone={r.tone}>
                  <Table.Td fw={500}>{r.label}</Table.Td>
                  <Table.Td>{r.a}</Table.Td>
                  <Table.Td>{r.b}</Table.Td>
                  <Table.Td>
                    {r.tone !== 'none' && (
                      <Badge size="xs" color={TONE_COLORS[r.tone]} variant="light" mr={4}>
                        {TONE_WORDS[r.tone]}
                      </Badge>
                    )}
                    <Text span size="xs">
                      {r.text ?? ''}
                    </Text>
                  </Table.Td>
                  <Table.Td ta="right" className="charta-nowrap">
                    {formatWeight(r.weight)}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        {open && (
          <Group justify="space-between" align="flex-end">
            <Radio.Group
              label="Keep as the surviving record"
              value={survivor}
              onChange={setSurvivor}
              description="The other record is kept as history; its encounters, documents and identifiers move to the survivor."
            >
              <Group mt={4}>
                <Radio value={detail.a.id} label={`A: ${detail.a.mrn}`} />
                <Radio value={detail.b.id} label={`B: ${detail.b.mrn}`} />
              </Group>
            </Radio.Group>
            <Group gap="xs">
              <Button variant="default" onClick={onNotDuplicate} data-testid="mpi-not-duplicate">
                Not a duplicate…
              </Button>
              <Button color="red" onClick={() => onMerge(survivor)} data-testid="mpi-merge">
                Merge…
              </Button>
            </Group>
          </Group>
        )}
      </Stack>
    </Paper>
  );
}

function MergeTable({ merges, onUnmerge }: { merges: readonly MpiMerge[]; onUnmerge: (m: MpiMerge) => void }) {
  return (
    <Table.ScrollContainer minWidth={860}>
      <Table striped fz="sm" data-testid="mpi-merges">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Merged</Table.Th>
            <Table.Th>Survivor</Table.Th>
            <Table.Th>Merged record</Table.Th>
            <Table.Th>Reason</Table.Th>
            <Table.Th>Moved</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {merges.map((m) => (
            <Table.Tr key={m.id} data-testid="mpi-merge-row">
              <Table.Td className="charta-nowrap">
                {formatDateTime(m.mergedAt)}
                <Text size="xs" c="dimmed">
                  {m.mergedBy ?? m.source}
                </Text>
              </Table.Td>
              <Table.Td>{personLine(m.survivor)}</Table.Td>
              <Table.Td>{personLine(m.merged)}</Table.Td>
              <Table.Td>{m.reason}</Table.Td>
              <Table.Td>
                <Text size="xs">
                  {Object.entries(m.moved)
                    .filter(([, n]) => n > 0)
                    .map(([t, n]) => `${t.replaceAll('_', ' ')}: ${n}`)
                    .join(', ') || 'nothing'}
                </Text>
              </Table.Td>
              <Table.Td>
                {m.unmergedAt === null ? (
                  <Button size="compact-xs" variant="default" onClick={() => onUnmerge(m)}>
                    Unmerge…
                  </Button>
                ) : (
                  <Text size="xs">
                    Undone {formatDateTime(m.unmergedAt)}
                    {m.unmergedBy ? ` by ${m.unmergedBy}` : ''}
                  </Text>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

const DIALOG_TEXT = {
  merge: { title: 'Merge records', button: 'Merge', label: 'Why are these the same person?' },
  'not-duplicate': { title: 'Not a duplicate', button: 'Record decision', label: 'Why are these different people?' },
  unmerge: { title: 'Unmerge records', button: 'Unmerge', label: 'Why was the merge wrong?' },
} as const;

function ReasonModal({
  pending,
  onClose,
  onDone,
}: {
  pending: PendingAction | null;
  onClose: () => void;
  onDone: (message: string) => void;
}) {
  const api = useMpiApi();
  const [reason, setReason] = useState('');
  const [fieldError, setFieldError] = useState<string | undefined>(undefined);
  const [problem, setProblem] = useState<ProblemDetails | null>(null);
  const [busy, setBusy] = useState(false);

  const close = () => {
    setReason('');
    setFieldError(undefined);
    setProblem(null);
    onClose();
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (pending === null) return;
    setProblem(null);
    // The three requests share the reason rule; the contract checks it before sending.
    const checked = validate(MpiNotDuplicateRequest, { reason });
    if (!checked.ok) {
      setFieldError(checked.errors[0]?.message);
      return;
    }
    setFieldError(undefined);
    setBusy(true);
    try {
      const text = checked.value.reason;
      if (pending.kind === 'merge') {
        await api.merge(pending.candidate.id, pending.survivorId, text);
        onDone('The records were merged.');
      } else if (pending.kind === 'not-duplicate') {
        await api.notDuplicate(pending.candidate.id, text);
        onDone('The pair was marked as different people.');
      } else {
        await api.unmerge(pending.merge.id, text);
        onDone('The merge was undone.');
      }
      setReason('');
    } catch (error) {
      const p = problemOf(error);
      setProblem(p);
      setFieldError(fieldMessages(p.errors)['/reason']);
    } finally {
      setBusy(false);
    }
  };

  const text = pending ? DIALOG_TEXT[pending.kind] : DIALOG_TEXT.merge;
  return (
    <Modal opened={pending !== null} onClose={close} title={text.title} centered size="lg">
      {pending && (
        <form onSubmit={(e) => void submit(e)} noValidate>
          <Stack gap="sm">
            {pending.kind === 'merge' && (
              <Text size="sm">
                {(() => {
                  const c = pending.candidate;
                  const survivor = c.a.id === pending.survivorId ? c.a : c.b;
                  const merged = c.a.id === pending.survivorId ? c.b : c.a;
                  return `${personLine(merged)}, MRN ${merged.mrn}, will be merged into ${personLine(survivor)}, MRN ${survivor.mrn}. The merged record is kept and can be unmerged.`;
                })()}
              </Text>
            )}
            {pending.kind === 'unmerge' && (
              <Text size="sm">
                {personLine(pending.merge.merged)} gets back exactly the rows that moved to{' '}
                {personLine(pending.merge.survivor)}.
              </Text>
            )}
            {problem && <ProblemAlert problem={problem} placed={['/reason']} />}
            <Textarea
              label={text.label}
              required
              autosize
              minRows={3}
              maxLength={1000}
              data-autofocus
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value)}
              error={fieldError}
              data-testid="mpi-reason"
            />
            <Group justify="flex-end" gap="xs">
              <Button variant="default" onClick={close} disabled={busy}>
                Cancel
              </Button>
              <Button type="submit" loading={busy} color={pending.kind === 'not-duplicate' ? 'blue' : 'red'}>
                {text.button}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
