import { useState } from 'react';
import {
  ActionIcon,
  Alert,
  Anchor,
  Badge,
  Button,
  Grid,
  Group,
  Loader,
  Paper,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { displayCode, type Finding, type MsDrgImpact, type MsDrgResult } from '@charta/core';
import { ProblemAlert } from '../../components/ProblemAlert.js';
import { canGroup, POA_VALUES, toEncounterInput, type CheckForm, type DiagnosisRow } from './check-form.js';
import { compactCode } from './encoder-format.js';
import type { OpenCode } from './CodeSearch.js';
import { useEncoderApi, useRemote } from './use-encoder-api.js';

/** Findings follow the typing, but only once the coder pauses: each check runs every rule on the whole encounter. */
const CHECK_DELAY_MS = 400;

/** Codes read best in a fixed-width font; only the input text, not its label. */
const MONO_INPUT = { input: { fontFamily: 'var(--mantine-font-family-monospace)' } };

const SEVERITY_COLOR: Record<Finding['severity'], string> = { error: 'red', warning: 'yellow', info: 'blue' };

const ENCOUNTER_TYPES = [
  { value: 'inpatient', label: 'Inpatient' },
  { value: 'outpatient', label: 'Outpatient' },
  { value: 'emergency', label: 'Emergency' },
  { value: 'observation', label: 'Observation' },
  { value: 'skilled-nursing', label: 'Skilled nursing' },
  { value: 'behavioral-health', label: 'Behavioral health' },
];
const SEXES = [
  { value: 'F', label: 'Female' },
  { value: 'M', label: 'Male' },
  { value: 'U', label: 'Unknown' },
];
const POA_OPTIONS = [{ value: '', label: '—' }, ...POA_VALUES.map((v) => ({ value: v, label: v }))];

export interface CodeCheckProps {
  readonly date: string;
  readonly onOpen: (code: OpenCode) => void;
  /** The code detail is open beside the tab: put the findings under the form instead of beside it. */
  readonly narrow: boolean;
}

function initialForm(date: string): CheckForm {
  return {
    ageYears: '',
    sex: 'U',
    encounterType: 'inpatient',
    admitDate: date,
    dischargeDate: date,
    dischargeStatus: '01',
    diagnoses: [{ code: '', poa: '' }],
    procedures: [''],
  };
}

/** Where a finding points, in words: "/diagnoses/1/poa" -> "Diagnosis 2 POA". */
function placeOf(path: string): string {
  const [field, index, sub] = path.split('/').slice(1);
  const n = index !== undefined && /^\d+$/u.test(index) ? Number(index) + 1 : undefined;
  if (field === 'diagnoses') return n === undefined ? 'Diagnoses' : `Dx ${n}${sub === 'poa' ? ' POA' : ''}`;
  if (field === 'procedures') return n === undefined ? 'Procedures' : `Px ${n}`;
  return field ?? '';
}

function Findings({ findings }: { findings: readonly Finding[] }) {
  if (findings.length === 0)
    return (
      <Text size="sm" c="green" data-testid="check-clean">
        No findings: the codes pass every edit Charta runs for this encounter.
      </Text>
    );
  return (
    <ul className="charta-plain-list" data-testid="check-findings">
      {findings.map((f, i) => (
        <li key={`${f.ruleId}-${f.path}-${i}`} style={{ marginBottom: 6 }} data-testid="check-finding">
          <Group gap={6} wrap="nowrap" align="baseline">
            <Badge size="xs" color={SEVERITY_COLOR[f.severity]} variant="filled" miw={62} style={{ flex: 'none' }}>
              {f.severity}
            </Badge>
            <Text size="xs" ff="monospace" c="dimmed" className="charta-nowrap">
              {f.ruleId}
            </Text>
            <Text size="xs" c="dimmed" className="charta-nowrap">
              {placeOf(f.path)}
            </Text>
          </Group>
          <Text size="sm" pl={68}>
            {f.message}
          </Text>
          <Text size="xs" c="dimmed" pl={68}>
            {f.citation.url ? (
              <Anchor href={f.citation.url} target="_blank" rel="noreferrer" size="xs">
                {f.citation.source}
              </Anchor>
            ) : (
              f.citation.source
            )}
          </Text>
        </li>
      ))}
    </ul>
  );
}

function WorkingDrg({ result, impact }: { result: MsDrgResult; impact: MsDrgImpact | undefined }) {
  const byIndex = new Map((impact?.codes ?? []).map((c) => [`${c.role}:${c.index}`, c]));
  return (
    <Stack gap={4} data-testid="working-drg">
      <Group gap="xs" align="baseline">
        <Text fw={700} size="lg" ff="monospace">
          MS-DRG {result.drg}
        </Text>
        <Text size="sm" fw={500}>
          {result.title}
        </Text>
      </Group>
      <Group gap="md">
        <Text size="sm">
          Weight <b>{result.relativeWeight?.toFixed(4) ?? '—'}</b>
        </Text>
        <Text size="sm">MDC {result.mdc || '—'}</Text>
        <Text size="sm">GMLOS {result.gmlos?.toFixed(1) ?? '—'}</Text>
        <Text size="sm">{result.medSurg.toLowerCase()}</Text>
        <Text size="sm" c="dimmed">
          Grouper v{result.version}
        </Text>
        {result.returnCode !== 'OK' && (
          <Badge color="red" size="sm">
            {result.returnCode}
          </Badge>
        )}
      </Group>
      {result.explanation && <Text size="sm">{result.explanation.text}</Text>}
      {(result.secondaries.length > 0 || result.procedures.length > 0) && (
        <Table verticalSpacing={1} horizontalSpacing={6} fz="xs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Code</Table.Th>
              <Table.Th>Role</Table.Th>
              <Table.Th>Without it</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {result.secondaries.map((s) => {
              const without = byIndex.get(`secondary:${s.index}`);
              return (
                <Table.Tr key={`dx-${s.index}`}>
                  <Table.Td ff="monospace">{displayCode('ICD-10-CM', s.code)}</Table.Td>
                  <Table.Td>
                    {s.level === 'NON_CC' ? 'non-CC' : s.level}
                    {s.excludedBy ? ` (excluded: ${s.excludedBy})` : ''}
                  </Table.Td>
                  <Table.Td>
                    {without?.changesDrg
                      ? `DRG ${without.drgWithout}${without.weightWithout !== undefined ? ` (weight ${without.weightWithout.toFixed(4)})` : ''}`
                      : 'no change'}
                  </Table.Td>
                </Table.Tr>
              );
            })}
            {result.procedures.map((p) => {
              const without = byIndex.get(`procedure:${p.index}`);
              return (
                <Table.Tr key={`px-${p.index}`}>
                  <Table.Td ff="monospace">{p.code}</Table.Td>
                  <Table.Td>{p.orRole === 'none' ? 'procedure' : p.orRole}</Table.Td>
                  <Table.Td>{without?.changesDrg ? `DRG ${without.drgWithout}` : 'no change'}</Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}

/**
 * One encounter's codes checked as they are typed: the validation rules (code validity on the date, Tabular
 * excludes, MCE edits) and, for an inpatient stay, the working MS-DRG with what each code contributes.
 */
export function CodeCheck({ date, onOpen, narrow }: CodeCheckProps) {
  const api = useEncoderApi();
  const [form, setForm] = useState<CheckForm>(() => initialForm(date));
  const set = <K extends keyof CheckForm>(field: K, value: CheckForm[K]) => setForm((f) => ({ ...f, [field]: value }));

  const input = toEncounterInput(form);
  const key = input.ok ? JSON.stringify(input.value) : null;
  const groupKey = input.ok && canGroup(input.value) ? key : null;
  const check = useRemote(
    key,
    (signal) => (input.ok ? api.validate(input.value, signal) : Promise.reject(new Error('invalid'))),
    CHECK_DELAY_MS,
  );
  const drg = useRemote(
    groupKey,
    (signal) => (input.ok ? api.group(input.value, signal) : Promise.reject(new Error('invalid'))),
    CHECK_DELAY_MS,
  );
  const findings = check.key === key ? check.data?.results[0]?.findings : undefined;

  const setDx = (i: number, row: DiagnosisRow) => {
    const next = form.diagnoses.map((d, k) => (k === i ? row : d));
    // Keep one blank row at the end for the next code.
    if (next[next.length - 1]?.code.trim() !== '') next.push({ code: '', poa: '' });
    set('diagnoses', next);
  };
  const setPx = (i: number, code: string) => {
    const next = form.procedures.map((p, k) => (k === i ? code : p));
    if (next[next.length - 1]?.trim() !== '') next.push('');
    set('procedures', next);
  };
  const fieldError = (path: string): string | undefined =>
    input.ok || path === '' ? undefined : input.errors.find((e) => e.path === path)?.message;

  return (
    <Grid gap="md">
      <Grid.Col span={narrow ? 12 : { base: 12, md: 6 }}>
        <Stack gap="xs" data-testid="check-form">
          <Group gap="xs" grow>
            <TextInput
              label="Age (years)"
              inputMode="numeric"
              value={form.ageYears}
              onChange={(e) => set('ageYears', e.currentTarget.value.replace(/\D/gu, ''))}
              error={form.ageYears === '' ? undefined : fieldError('/ageYears')}
              data-testid="check-age"
            />
            <Select
              label="Sex"
              data={SEXES}
              value={form.sex}
              allowDeselect={false}
              onChange={(v) => set('sex', (v ?? 'U') as CheckForm['sex'])}
            />
            <Select
              label="Encounter"
              data={ENCOUNTER_TYPES}
              value={form.encounterType}
              allowDeselect={false}
              onChange={(v) => set('encounterType', (v ?? 'inpatient') as CheckForm['encounterType'])}
            />
          </Group>
          <Group gap="xs" grow>
            <TextInput
              type="date"
              label="Admit / service date"
              value={form.admitDate}
              onChange={(e) => set('admitDate', e.currentTarget.value)}
              error={fieldError('/admitDate')}
            />
            <TextInput
              type="date"
              label="Discharge date"
              value={form.dischargeDate}
              onChange={(e) => set('dischargeDate', e.currentTarget.value)}
              error={fieldError('/dischargeDate')}
            />
            <TextInput
              label="Discharge status"
              placeholder="01"
              maxLength={2}
              value={form.dischargeStatus}
              onChange={(e) => set('dischargeStatus', e.currentTarget.value)}
              error={fieldError('/dischargeStatus')}
            />
          </Group>
          <Title order={3} size="h6" mt={4}>
            Diagnoses{' '}
            <Text span size="xs" c="dimmed" fw={400}>
              first = principal / first-listed
            </Text>
          </Title>
          {form.diagnoses.map((d, i) => (
            <Group key={i} gap={6} wrap="nowrap" align="flex-start">
              <Text size="xs" c="dimmed" w={28} pt={8}>
                {i + 1}.
              </Text>
              <TextInput
                aria-label={`Diagnosis ${i + 1} code`}
                placeholder="ICD-10-CM"
                styles={MONO_INPUT}
                w={130}
                size="xs"
                value={d.code}
                onChange={(e) => setDx(i, { ...d, code: e.currentTarget.value.toUpperCase() })}
                error={fieldError(`/diagnoses/${i}/code`)}
                data-testid="check-dx"
              />
              <Select
                aria-label={`Diagnosis ${i + 1} present on admission`}
                data={POA_OPTIONS}
                value={d.poa}
                size="xs"
                w={70}
                allowDeselect={false}
                onChange={(v) => setDx(i, { ...d, poa: (v ?? '') as DiagnosisRow['poa'] })}
              />
              {d.code.trim() !== '' && (
                <>
                  <Button
                    size="compact-xs"
                    variant="subtle"
                    mt={4}
                    onClick={() => onOpen({ system: 'ICD-10-CM', code: compactCode(d.code) })}
                  >
                    Open
                  </Button>
                  <ActionIcon
                    variant="subtle"
                    color="gray"
                    mt={4}
                    aria-label={`Remove diagnosis ${i + 1}`}
                    onClick={() =>
                      set(
                        'diagnoses',
                        form.diagnoses.filter((_, k) => k !== i),
                      )
                    }
                  >
                    ×
                  </ActionIcon>
                </>
              )}
            </Group>
          ))}
          <Title order={3} size="h6" mt={4}>
            Procedures
          </Title>
          {form.procedures.map((p, i) => (
            <Group key={i} gap={6} wrap="nowrap" align="flex-start">
              <Text size="xs" c="dimmed" w={28} pt={8}>
                {i + 1}.
              </Text>
              <TextInput
                aria-label={`Procedure ${i + 1} code`}
                placeholder="ICD-10-PCS"
                styles={MONO_INPUT}
                w={130}
                size="xs"
                value={p}
                onChange={(e) => setPx(i, e.currentTarget.value.toUpperCase())}
                error={fieldError(`/procedures/${i}/code`)}
                data-testid="check-px"
              />
              {p.trim() !== '' && (
                <>
                  <Button
                    size="compact-xs"
                    variant="subtle"
                    mt={4}
                    onClick={() => onOpen({ system: 'ICD-10-PCS', code: compactCode(p) })}
                  >
                    Open
                  </Button>
                  <ActionIcon
                    variant="subtle"
                    color="gray"
                    mt={4}
                    aria-label={`Remove procedure ${i + 1}`}
                    onClick={() =>
                      set(
                        'procedures',
                        form.procedures.filter((_, k) => k !== i),
                      )
                    }
                  >
                    ×
                  </ActionIcon>
                </>
              )}
            </Group>
          ))}
        </Stack>
      </Grid.Col>
      <Grid.Col span={narrow ? 12 : { base: 12, md: 6 }}>
        <Stack gap="sm">
          {form.encounterType === 'inpatient' && (
            <Paper withBorder p="sm" aria-live="polite">
              <Group gap="xs" mb={6}>
                <Title order={3} size="h6">
                  Working MS-DRG
                </Title>
                {drg.loading && <Loader size="xs" />}
              </Group>
              {groupKey === null && (
                <Text size="sm" c="dimmed">
                  Needs a discharge date and a valid form.
                </Text>
              )}
              {drg.problem && <ProblemAlert problem={drg.problem} />}
              {groupKey !== null && drg.key === groupKey && drg.data?.ok === true && (
                <WorkingDrg result={drg.data.result} impact={drg.data.impact} />
              )}
              {groupKey !== null && drg.key === groupKey && drg.data?.ok === false && (
                <Alert color="orange" variant="light" p="xs">
                  {drg.data.issues.map((i) => i.message).join(' ')}
                </Alert>
              )}
            </Paper>
          )}
          <Paper withBorder p="sm" aria-live="polite">
            <Group gap="xs" mb={6}>
              <Title order={3} size="h6">
                Findings
              </Title>
              {check.loading && <Loader size="xs" />}
            </Group>
            {!input.ok && (
              <Text size="sm" c="dimmed">
                {input.errors[0]?.path === '/diagnoses'
                  ? 'Enter a diagnosis code to start checking.'
                  : 'Complete the form to check the codes.'}
              </Text>
            )}
            {check.problem && <ProblemAlert problem={check.problem} />}
            {input.ok && findings && <Findings findings={findings} />}
          </Paper>
        </Stack>
      </Grid.Col>
    </Grid>
  );
}
