import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import {
  Alert,
  Badge,
  Button,
  Group,
  Loader,
  Modal,
  NativeSelect,
  NumberInput,
  Paper,
  SimpleGrid,
  Stack,
  Switch,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { Action } from '@charta/core';
import type { CompletionRuleSetVersion, FieldError, ProblemDetails } from '@charta/contracts';
import { problemOf } from '../../api/problem.js';
import { PageTitle } from '../../components/PageTitle.js';
import { ProblemAlert } from '../../components/ProblemAlert.js';
import { formatDateTime } from '../../format/datetime.js';
import { useSession } from '../../session/session-context.js';
import { useRemote } from '../encoder/use-encoder-api.js';
import { useCompletionApi, type RuleSetHistory } from './completion-api.js';
import { describeAppliesTo } from './completion-format.js';
import {
  ANCHOR_LABELS,
  baseVersionOf,
  buildUpdate,
  describeAuthor,
  describeDocuments,
  describeInForce,
  draftOf,
  duplicateRule,
  placeErrors,
  ruleFieldKey,
  SIGNER_LABELS,
  type RuleColumn,
  type RuleDraft,
  type RuleSetDraft,
  type RuleSetOrigin,
  type RuleSigner,
} from './rules-form.js';

/** A loaded set with the facility it was asked for. */
interface Loaded extends RuleSetOrigin {
  readonly loaded: CompletionRuleSetVersion;
}

const SIGNERS = Object.keys(SIGNER_LABELS) as RuleSigner[];

/** The problem shown when the form's own check stops a save before it is sent. */
function localProblem(errors: FieldError[]): ProblemDetails {
  return {
    type: 'about:blank',
    title: 'The rule set cannot be saved as it stands',
    status: 400,
    detail: 'Correct the fields marked below and save again.',
    traceId: '',
    errors,
  };
}

function CellError({ message }: { readonly message: string | undefined }) {
  if (message === undefined) return null;
  return (
    <Text size="xs" c="red" data-testid="rule-error">
      {message}
    </Text>
  );
}

function yesNo(value: boolean): string {
  return value ? 'Yes' : 'No';
}

interface RulesTableProps {
  readonly rules: readonly RuleDraft[];
  readonly editable: boolean;
  readonly messages: Readonly<Record<string, string>>;
  readonly onChange: (index: number, rule: RuleDraft) => void;
  readonly onDuplicate: (index: number) => void;
  readonly onRemove: (index: number) => void;
}

function RulesTable({ rules, editable, messages, onChange, onDuplicate, onRemove }: RulesTableProps) {
  const message = (index: number, column: RuleColumn) => messages[ruleFieldKey(index, column)];
  return (
    <Table.ScrollContainer minWidth={1600}>
      <Table striped fz="sm" verticalSpacing={4} aria-label="Rules" data-testid="rules-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Id</Table.Th>
            <Table.Th scope="col">Title</Table.Th>
            <Table.Th scope="col">Source</Table.Th>
            <Table.Th scope="col">Applies to</Table.Th>
            <Table.Th scope="col">Documents</Table.Th>
            <Table.Th scope="col">Anchor</Table.Th>
            <Table.Th scope="col">Window (hours before / after)</Table.Th>
            <Table.Th scope="col">Due before surgery</Table.Th>
            <Table.Th scope="col">Signed by</Table.Th>
            <Table.Th scope="col">Signature required</Table.Th>
            <Table.Th scope="col">Enabled</Table.Th>
            {editable && (
              <Table.Th scope="col">
                <VisuallyHidden>Actions</VisuallyHidden>
              </Table.Th>
            )}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rules.length === 0 && (
            <Table.Tr>
              <Table.Td colSpan={editable ? 12 : 11}>No rules: no deficiency is found.</Table.Td>
            </Table.Tr>
          )}
          {rules.map((d, i) => {
            const r = d.rule;
            const set = (patch: Partial<RuleDraft>) => onChange(i, { ...d, ...patch });
            return (
              <Table.Tr key={r.id} data-testid="rule-row" data-rule={r.id} style={{ verticalAlign: 'top' }}>
                <Table.Th scope="row" fw={400}>
                  <Text size="xs" ff="monospace">
                    {r.id}
                  </Text>
                  <CellError message={message(i, 'row')} />
                  <CellError message={message(i, 'id')} />
                </Table.Th>
                <Table.Td>
                  {r.title}
                  <CellError message={message(i, 'title')} />
                </Table.Td>
                <Table.Td>
                  <Text size="xs">{r.citation.source}</Text>
                  <CellError message={message(i, 'citation')} />
                </Table.Td>
                <Table.Td>
                  {describeAppliesTo(r)}
                  <CellError message={message(i, 'appliesTo')} />
                </Table.Td>
                <Table.Td>
                  {describeDocuments(r)}
                  <CellError message={message(i, 'documents')} />
                </Table.Td>
                <Table.Td>
                  {ANCHOR_LABELS[r.anchor]}
                  <CellError message={message(i, 'anchor')} />
                </Table.Td>
                <Table.Td>
                  {editable ? (
                    <Group gap={4} wrap="nowrap" align="flex-start">
                      <NumberInput
                        size="xs"
                        w={80}
                        aria-label={`Hours before, ${r.id}`}
                        value={d.beforeHours}
                        onChange={(v) => set({ beforeHours: String(v) })}
                        allowDecimal={false}
                        allowNegative={false}
                        clampBehavior="none"
                        error={message(i, 'beforeHours')}
                      />
                      <NumberInput
                        size="xs"
                        w={80}
                        aria-label={`Hours after, ${r.id}`}
                        value={d.afterHours}
                        onChange={(v) => set({ afterHours: String(v) })}
                        allowDecimal={false}
                        allowNegative={false}
                        clampBehavior="none"
                        error={message(i, 'afterHours')}
                      />
                    </Group>
                  ) : (
                    <>
                      {d.beforeHours} / {d.afterHours}
                    </>
                  )}
                </Table.Td>
                <Table.Td>
                  {yesNo(r.dueBeforeSurgery)}
                  <CellError message={message(i, 'dueBeforeSurgery')} />
                </Table.Td>
                <Table.Td>
                  {editable ? (
                    <NativeSelect
                      size="xs"
                      w={110}
                      aria-label={`Signed by, ${r.id}`}
                      value={d.authenticatedBy}
                      onChange={(e) =>
                        set({
                          authenticatedBy: SIGNERS.find((s) => s === e.currentTarget.value) ?? d.authenticatedBy,
                        })
                      }
                      data={SIGNERS.map((s) => ({ value: s, label: SIGNER_LABELS[s] }))}
                      error={message(i, 'authenticatedBy')}
                    />
                  ) : (
                    SIGNER_LABELS[d.authenticatedBy]
                  )}
                </Table.Td>
                <Table.Td>
                  {editable ? (
                    <Switch
                      size="xs"
                      aria-label={`Signature required, ${r.id}`}
                      checked={d.requireAuthentication}
                      onChange={(e) => set({ requireAuthentication: e.currentTarget.checked })}
                      error={message(i, 'requireAuthentication')}
                    />
                  ) : (
                    yesNo(d.requireAuthentication)
                  )}
                </Table.Td>
                <Table.Td>
                  {editable ? (
                    <Switch
                      size="xs"
                      aria-label={`Enabled, ${r.id}`}
                      checked={d.enabled}
                      onChange={(e) => set({ enabled: e.currentTarget.checked })}
                      error={message(i, 'enabled')}
                    />
                  ) : d.enabled ? (
                    'Yes'
                  ) : (
                    <Badge size="xs" color="gray" variant="light">
                      disabled
                    </Badge>
                  )}
                </Table.Td>
                {editable && (
                  <Table.Td>
                    <Group gap={4} wrap="nowrap">
                      <Button
                        size="compact-xs"
                        variant="light"
                        onClick={() => onDuplicate(i)}
                        aria-label={`Duplicate rule ${r.id}`}
                      >
                        Duplicate
                      </Button>
                      <Button
                        size="compact-xs"
                        variant="subtle"
                        color="red"
                        onClick={() => onRemove(i)}
                        aria-label={`Remove rule ${r.id}`}
                      >
                        Remove
                      </Button>
                    </Group>
                  </Table.Td>
                )}
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function DuplicateDialog(props: {
  readonly source: RuleDraft | null;
  readonly existingIds: readonly string[];
  readonly onDone: (copy: RuleDraft) => void;
  readonly onCancel: () => void;
}) {
  const [id, setId] = useState('');
  const [error, setError] = useState<string | null>(null);
  const source = props.source;
  useEffect(() => {
    setId(source ? `${source.rule.id}.COPY` : '');
    setError(null);
  }, [source]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!source) return;
    const result = duplicateRule(source, id, props.existingIds);
    if (!result.ok) {
      setError(result.message);
      return;
    }
    // The copy starts disabled: an enabled twin of an encounter rule repeats it, which the set refuses.
    props.onDone({ ...result.rule, enabled: false });
  };
  return (
    <Modal opened={source !== null} onClose={props.onCancel} title="Duplicate rule">
      <form onSubmit={submit} noValidate>
        <Stack gap="xs">
          <Text size="sm">
            A copy of <code>{source?.rule.id}</code>, added disabled after it. Change its window or signer, then enable
            it (and disable the original if the copy replaces it).
          </Text>
          <TextInput
            label="New rule id"
            description="Capitals, digits and dots, e.g. SITE.DS.SURGERY"
            value={id}
            onChange={(e) => setId(e.currentTarget.value)}
            error={error}
            data-autofocus
            data-testid="rule-duplicate-id"
          />
          <Group justify="flex-end" gap="xs">
            <Button variant="default" size="xs" onClick={props.onCancel}>
              Cancel
            </Button>
            <Button type="submit" size="xs">
              Duplicate
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function HistoryList(props: {
  readonly loading: boolean;
  readonly facility: string;
  readonly versions: RuleSetHistory['versions'];
  readonly author: (version: { createdBy: string | null; createdByName: string | null }) => string;
}) {
  return (
    <Table.ScrollContainer minWidth={700}>
      <Table
        striped
        fz="sm"
        verticalSpacing={4}
        aria-label="Version history"
        aria-busy={props.loading}
        data-testid="rules-history"
      >
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col" ta="right">
              Version
            </Table.Th>
            <Table.Th scope="col">Saved</Table.Th>
            <Table.Th scope="col">By</Table.Th>
            <Table.Th scope="col">Note</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {props.versions.length === 0 && (
            <Table.Tr>
              <Table.Td colSpan={4}>
                {props.facility === ''
                  ? 'No versions yet.'
                  : `${props.facility} has no rule set of its own yet: it follows the organisation’s default.`}
              </Table.Td>
            </Table.Tr>
          )}
          {props.versions.map((v) => (
            <Table.Tr key={v.version} data-testid="rules-history-row" data-version={v.version}>
              <Table.Td ta="right">{v.version}</Table.Td>
              <Table.Td className="charta-nowrap">{formatDateTime(v.createdAt)}</Table.Td>
              <Table.Td>{props.author(v)}</Table.Td>
              <Table.Td>{v.note ?? ''}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function Section(props: { readonly id: string; readonly title: string; readonly children: ReactNode }) {
  return (
    <Paper withBorder p="sm" component="section" aria-labelledby={props.id}>
      <Title order={2} size="h5" id={props.id} mb="xs">
        {props.title}
      </Title>
      {props.children}
    </Paper>
  );
}

/**
 * The record-completion rule set of a facility or of the organisation: which set is in force and its history, and
 * for HIM managers an editor for the deadlines, signers and switches of each rule and the set's own settings, saved
 * as a new version with a note. Everyone else who may read the rules sees them read-only.
 */
export function RulesPage() {
  const api = useCompletionApi();
  const { can, session } = useSession();
  const editable = can(Action.completionRulesManage);
  const [facilityDraft, setFacilityDraft] = useState('');
  const [facility, setFacility] = useState('');
  const [generation, setGeneration] = useState(0);
  const [historyGeneration, setHistoryGeneration] = useState(0);
  const current = useRemote(JSON.stringify(['rules', facility, generation]), (signal) =>
    api.rules(signal, facility).then((loaded): Loaded => ({ facility, loaded })),
  );
  const history = useRemote(JSON.stringify(['versions', facility, historyGeneration]), (signal) =>
    api.ruleVersions(facility, signal),
  );

  const [origin, setOrigin] = useState<Loaded | null>(null);
  const [draft, setDraft] = useState<RuleSetDraft | null>(null);
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [problem, setProblem] = useState<ProblemDetails | null>(null);
  const [conflict, setConflict] = useState(false);
  const [saved, setSaved] = useState<CompletionRuleSetVersion | null>(null);
  const [saving, setSaving] = useState(false);
  const [duplicating, setDuplicating] = useState<number | null>(null);

  const clearOutcome = () => {
    setErrors([]);
    setProblem(null);
    setConflict(false);
  };

  // A newly loaded set replaces whatever was being edited.
  useEffect(() => {
    if (current.data === null) return;
    setOrigin(current.data);
    setDraft(draftOf(current.data.loaded.ruleSet));
    setErrors([]);
    setProblem(null);
    setConflict(false);
  }, [current.data]);

  const load = (e: FormEvent) => {
    e.preventDefault();
    setSaved(null);
    setFacility(facilityDraft.trim());
    // The same facility again reloads it.
    setGeneration((g) => g + 1);
    setHistoryGeneration((g) => g + 1);
  };

  const reload = () => {
    setSaved(null);
    setGeneration((g) => g + 1);
    setHistoryGeneration((g) => g + 1);
  };

  const save = (e: FormEvent) => {
    e.preventDefault();
    if (draft === null || origin === null) return;
    clearOutcome();
    setSaved(null);
    const checked = buildUpdate(draft, origin, note);
    if (!checked.ok) {
      setErrors(checked.errors);
      setProblem(localProblem(checked.errors));
      return;
    }
    setSaving(true);
    api.saveRules(checked.value).then(
      (version) => {
        setSaving(false);
        setSaved(version);
        setOrigin({ facility: origin.facility, loaded: version });
        setDraft(draftOf(version.ruleSet));
        setNote('');
        setHistoryGeneration((g) => g + 1);
      },
      (error: unknown) => {
        setSaving(false);
        const p = problemOf(error);
        if (p.status === 409) {
          setConflict(true);
          return;
        }
        setProblem(p);
        setErrors(p.errors ?? []);
      },
    );
  };

  const updateDraft = (change: (d: RuleSetDraft) => RuleSetDraft) => setDraft((d) => (d === null ? d : change(d)));
  const setField =
    (field: 'delinquencyDays' | 'placeholders' | 'dischargeSummary' | 'operativeReport') => (value: string) =>
      updateDraft((d) => ({ ...d, [field]: value }));
  const changeRule = (index: number, rule: RuleDraft) =>
    updateDraft((d) => ({ ...d, rules: d.rules.map((r, i) => (i === index ? rule : r)) }));
  // Adding or removing a row moves the rows below it, so errors placed by row number no longer fit.
  const removeRule = (index: number) => {
    clearOutcome();
    updateDraft((d) => ({ ...d, rules: d.rules.filter((_, i) => i !== index) }));
  };
  const addCopy = (index: number, copy: RuleDraft) => {
    clearOutcome();
    updateDraft((d) => ({ ...d, rules: [...d.rules.slice(0, index + 1), copy, ...d.rules.slice(index + 1)] }));
    setDuplicating(null);
  };

  const placement = placeErrors(errors, draft?.rules.length ?? 0);
  const messages = placement.messages;
  const loaded = origin?.loaded;
  const author = (version: { createdBy: string | null; createdByName: string | null }) =>
    describeAuthor(version, session.user);
  const duplicateSource = duplicating === null ? null : (draft?.rules[duplicating] ?? null);

  return (
    <Stack gap="sm">
      <PageTitle
        testId="completion-rules-title"
        description="What a complete record needs, by when and signed by whom, for the organisation and for each facility with rules of its own. Every change is a new version with its reason."
      >
        Completion rules
      </PageTitle>

      <Paper withBorder p="sm" component="form" onSubmit={load} noValidate aria-label="Facility">
        <Group align="flex-end" gap="xs">
          <TextInput
            size="xs"
            label="Facility"
            description="Empty: the organisation’s default"
            value={facilityDraft}
            maxLength={120}
            onChange={(e) => setFacilityDraft(e.currentTarget.value)}
            error={messages['facility']}
            data-testid="rules-facility"
          />
          <Button type="submit" size="xs" variant="default" loading={current.loading} data-testid="rules-load">
            Load
          </Button>
        </Group>
      </Paper>

      {current.problem && <ProblemAlert problem={current.problem} />}
      {current.loading && origin === null && <Loader size="xs" aria-label="Loading the rule set" />}

      {saved && (
        <Alert
          color="green"
          variant="light"
          role="status"
          withCloseButton
          onClose={() => setSaved(null)}
          data-testid="rules-saved"
        >
          <Text size="sm">
            Saved version {saved.version}
            {saved.facility === '' ? ' of the organisation’s default' : ` of ${saved.facility}’s rule set`}. Records it
            applies to are analysed again.
          </Text>
        </Alert>
      )}
      {conflict && (
        <Alert
          color="orange"
          variant="light"
          role="alert"
          title="Someone else saved a newer version"
          data-testid="rules-conflict"
        >
          <Text size="sm" mb="xs">
            This rule set was changed after you opened it, so your changes were not saved. Reload to see the newer
            version, then make your changes again.
          </Text>
          <Button size="xs" onClick={reload} data-testid="rules-reload">
            Reload
          </Button>
        </Alert>
      )}
      {problem && <ProblemAlert problem={problem} placed={placement.placed} onClose={() => setProblem(null)} />}

      {origin && loaded && draft && (
        <>
          <Section id="rules-in-force-title" title="In force">
            <Text size="sm" fw={600} data-testid="rules-in-force" data-version={loaded.version}>
              {describeInForce(origin)}
            </Text>
            <Text size="xs" c="dimmed" data-testid="rules-in-force-saved">
              Saved {formatDateTime(loaded.createdAt)} by {author(loaded)}
              {loaded.note ? `: ${loaded.note}` : ''}
            </Text>
            {editable && baseVersionOf(origin) === 0 && (
              <Text size="xs" c="dimmed" mt={4}>
                Saving creates {origin.facility}’s own rule set (version 1), starting from the default shown here.
              </Text>
            )}
          </Section>

          <Section id="rules-set-title" title="Rule set">
            <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }} spacing="xs" data-testid="rules-set-fields">
              <NumberInput
                size="xs"
                label="Delinquency days"
                description="Days after discharge a record with an open deficiency is delinquent (1 to 30)"
                value={draft.delinquencyDays}
                onChange={(v) => setField('delinquencyDays')(String(v))}
                allowDecimal={false}
                allowNegative={false}
                clampBehavior="none"
                readOnly={!editable}
                error={messages['delinquencyDays']}
                data-testid="rules-delinquency-days"
              />
              <Textarea
                size="xs"
                label="Placeholders"
                description="Text that marks a document as unfinished, one per line"
                autosize
                minRows={2}
                maxRows={6}
                value={draft.placeholders}
                onChange={(e) => setField('placeholders')(e.currentTarget.value)}
                readOnly={!editable}
                error={messages['placeholders']}
                data-testid="rules-placeholders"
              />
              <TextInput
                size="xs"
                label="Discharge summary LOINC codes"
                description="Separated by commas"
                value={draft.dischargeSummary}
                onChange={(e) => setField('dischargeSummary')(e.currentTarget.value)}
                readOnly={!editable}
                error={messages['dischargeSummary']}
                data-testid="rules-discharge-summary"
              />
              <TextInput
                size="xs"
                label="Operative report LOINC codes"
                description="Separated by commas"
                value={draft.operativeReport}
                onChange={(e) => setField('operativeReport')(e.currentTarget.value)}
                readOnly={!editable}
                error={messages['operativeReport']}
                data-testid="rules-operative-report"
              />
            </SimpleGrid>
            {draft.surgicalProcedures.length > 0 && (
              <Text size="xs" c="dimmed" mt="xs">
                Surgical procedures (not edited here):{' '}
                {draft.surgicalProcedures.map((s) => `${s.system} ${s.prefixes.join(', ')}`).join('; ')}
              </Text>
            )}
          </Section>

          <Section id="rules-table-title" title="Rules">
            <RulesTable
              rules={draft.rules}
              editable={editable}
              messages={messages}
              onChange={changeRule}
              onDuplicate={setDuplicating}
              onRemove={removeRule}
            />
          </Section>

          {editable && (
            <Paper withBorder p="sm" component="form" onSubmit={save} noValidate aria-label="Save the rule set">
              <Group align="flex-end" gap="xs">
                <Textarea
                  size="xs"
                  label="Note"
                  description="Why the rules change, e.g. Medical staff bylaws 2026"
                  withAsterisk
                  autosize
                  minRows={1}
                  maxLength={500}
                  style={{ flex: 1 }}
                  value={note}
                  onChange={(e) => setNote(e.currentTarget.value)}
                  error={messages['note']}
                  data-testid="rules-note"
                />
                <Button type="submit" size="xs" loading={saving} disabled={current.loading} data-testid="rules-save">
                  Save
                </Button>
              </Group>
            </Paper>
          )}
        </>
      )}

      <Section id="rules-history-title" title="Version history">
        {history.problem && <ProblemAlert problem={history.problem} />}
        <HistoryList
          loading={history.loading}
          facility={history.data?.facility ?? facility}
          versions={history.data?.versions ?? []}
          author={author}
        />
      </Section>

      <DuplicateDialog
        source={duplicateSource}
        existingIds={draft?.rules.map((r) => r.rule.id) ?? []}
        onDone={(copy) => {
          if (duplicating !== null) addCopy(duplicating, copy);
        }}
        onCancel={() => setDuplicating(null)}
      />
    </Stack>
  );
}
