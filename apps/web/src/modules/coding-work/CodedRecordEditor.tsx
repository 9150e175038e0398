import {
  ActionIcon,
  Badge,
  Button,
  Group,
  NativeSelect,
  Table,
  Text,
  TextInput,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import type { FieldError } from '@charta/contracts';
import { displayCode, type CodeSystem } from '@charta/core';
import type { OpenCode } from '../encoder/CodeSearch.js';
import {
  CHARGE_SYSTEMS,
  newRowKey,
  POA_LABELS,
  POA_VALUES,
  PROCEDURE_SYSTEMS,
  type CodingDraft,
  type DraftCharge,
  type DraftDiagnosis,
  type DraftProcedure,
} from './coding-draft.js';
import { flaggedRows } from './coding-draft.js';
import { moveItem, removeAt, replaceAt } from './list-ops.js';

export interface CodedRecordEditorProps {
  readonly draft: CodingDraft;
  readonly edit: (update: (draft: CodingDraft) => CodingDraft) => void;
  /** A final record: shown, not editable, until the coder asks to change it. */
  readonly locked: boolean;
  /** POA is reported on inpatient claims (UB-04 FL 67). */
  readonly inpatient: boolean;
  readonly findings: readonly { readonly path: string; readonly severity: string }[];
  readonly fieldErrors: readonly FieldError[];
  readonly onShowDetail: (code: OpenCode) => void;
}

const MONO = { input: { fontFamily: 'var(--mantine-font-family-monospace)' } };
const FLAG_COLOR = { error: 'red', warning: 'yellow', info: 'blue' } as const;
const POA_OPTIONS = [{ value: '', label: '(blank)' }, ...POA_VALUES.map((v) => ({ value: v, label: POA_LABELS[v] }))];

function Flag({ severity }: { severity: 'error' | 'warning' | 'info' | undefined }) {
  if (severity === undefined) return null;
  return (
    <Badge size="xs" color={FLAG_COLOR[severity]} variant="light">
      {severity}
    </Badge>
  );
}

function MoveButtons({
  index,
  count,
  noun,
  onMove,
  disabled,
}: {
  index: number;
  count: number;
  noun: string;
  onMove: (delta: -1 | 1) => void;
  disabled: boolean;
}) {
  return (
    <Group gap={2} wrap="nowrap">
      <ActionIcon
        variant="subtle"
        size="sm"
        aria-label={`Move ${noun} ${index + 1} up`}
        disabled={disabled || index === 0}
        onClick={() => onMove(-1)}
      >
        ↑
      </ActionIcon>
      <ActionIcon
        variant="subtle"
        size="sm"
        aria-label={`Move ${noun} ${index + 1} down`}
        disabled={disabled || index === count - 1}
        onClick={() => onMove(1)}
      >
        ↓
      </ActionIcon>
    </Group>
  );
}

/** HIM's coded record of the encounter: diagnoses in sequence with POA, procedures with dates, charge lines. */
export function CodedRecordEditor(props: CodedRecordEditorProps) {
  const { draft, edit, locked, inpatient, findings, fieldErrors, onShowDetail } = props;
  const dxFlags = flaggedRows(findings, 'diagnoses');
  const pxFlags = flaggedRows(findings, 'procedures');
  const chargeFlags = flaggedRows(findings, 'charges');
  const errorAt = (path: string): string | undefined => fieldErrors.find((e) => e.path.startsWith(path))?.message;

  const setDx = (i: number, row: DraftDiagnosis) => edit((d) => ({ ...d, diagnoses: replaceAt(d.diagnoses, i, row) }));
  const setPx = (i: number, row: DraftProcedure) =>
    edit((d) => ({ ...d, procedures: replaceAt(d.procedures, i, row) }));
  const setCharge = (i: number, row: DraftCharge) =>
    edit((d) => ({ ...d, chargesEdited: true, charges: replaceAt(d.charges, i, row) }));

  return (
    <>
      <section aria-labelledby="coded-dx-title">
        <Title order={3} size="h6" id="coded-dx-title" mb={4}>
          Diagnoses{' '}
          <Text span size="xs" c="dimmed" fw={400}>
            in sequence; the first is the {inpatient ? 'principal' : 'first-listed'} diagnosis
          </Text>
        </Title>
        {draft.diagnoses.length === 0 ? (
          <Text size="sm" c="dimmed">
            No diagnoses coded yet.
          </Text>
        ) : (
          <Table verticalSpacing={2} horizontalSpacing={6} fz="sm" data-testid="coded-diagnoses">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>#</Table.Th>
                <Table.Th>Code</Table.Th>
                {inpatient && <Table.Th>POA</Table.Th>}
                <Table.Th>Sequence</Table.Th>
                <Table.Th>
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {draft.diagnoses.map((dx, i) => {
                const shown = displayCode('ICD-10-CM' as CodeSystem, dx.code);
                return (
                  <Table.Tr key={dx.key} data-testid="coded-diagnosis" data-code={shown}>
                    <Table.Td>
                      <Text size="xs" c="dimmed" className="charta-nowrap">
                        {i === 0 ? (inpatient ? 'PDX' : '1st') : i + 1}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Group gap={4} wrap="nowrap">
                        <Text ff="monospace" fw={600} size="sm">
                          {shown}
                        </Text>
                        <Flag severity={dxFlags.get(i)} />
                      </Group>
                    </Table.Td>
                    {inpatient && (
                      <Table.Td>
                        <NativeSelect
                          size="xs"
                          w={96}
                          aria-label={`POA, diagnosis ${i + 1} ${shown}`}
                          data={POA_OPTIONS}
                          value={dx.poa}
                          disabled={locked}
                          onChange={(e) => setDx(i, { ...dx, poa: e.currentTarget.value as DraftDiagnosis['poa'] })}
                        />
                      </Table.Td>
                    )}
                    <Table.Td>
                      <MoveButtons
                        index={i}
                        count={draft.diagnoses.length}
                        noun="diagnosis"
                        disabled={locked}
                        onMove={(delta) => edit((d) => ({ ...d, diagnoses: moveItem(d.diagnoses, i, delta) }))}
                      />
                    </Table.Td>
                    <Table.Td>
                      <Group gap={2} wrap="nowrap">
                        <Button
                          size="compact-xs"
                          variant="subtle"
                          aria-label={`Code detail for diagnosis ${shown}`}
                          onClick={() => onShowDetail({ system: 'ICD-10-CM', code: dx.code })}
                        >
                          Detail
                        </Button>
                        <ActionIcon
                          variant="subtle"
                          color="gray"
                          size="sm"
                          aria-label={`Remove diagnosis ${i + 1} ${shown}`}
                          disabled={locked}
                          onClick={() => edit((d) => ({ ...d, diagnoses: removeAt(d.diagnoses, i) }))}
                        >
                          ×
                        </ActionIcon>
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        )}
      </section>

      <section aria-labelledby="coded-px-title">
        <Title order={3} size="h6" id="coded-px-title" mb={4}>
          Procedures
        </Title>
        {draft.procedures.length === 0 ? (
          <Text size="sm" c="dimmed">
            No procedures coded.
          </Text>
        ) : (
          <Table verticalSpacing={2} horizontalSpacing={6} fz="sm" data-testid="coded-procedures">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>#</Table.Th>
                <Table.Th>Code</Table.Th>
                <Table.Th>Modifiers</Table.Th>
                <Table.Th>Date</Table.Th>
                <Table.Th>Sequence</Table.Th>
                <Table.Th>
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {draft.procedures.map((px, i) => (
                <Table.Tr key={px.key} data-testid="coded-procedure">
                  <Table.Td>
                    <Text size="xs" c="dimmed">
                      {i + 1}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4} wrap="nowrap">
                      <Text ff="monospace" fw={600} size="sm">
                        {px.code}
                      </Text>
                      <Text size="xs" c="dimmed">
                        {px.system}
                      </Text>
                      <Flag severity={pxFlags.get(i)} />
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    {px.system === 'ICD-10-PCS' ? (
                      <Text size="xs" c="dimmed">
                        —
                      </Text>
                    ) : (
                      <TextInput
                        size="xs"
                        w={90}
                        styles={MONO}
                        aria-label={`Modifiers, procedure ${i + 1} ${px.code}`}
                        value={px.modifiers}
                        disabled={locked}
                        error={errorAt(`/procedures/${i}/modifiers`)}
                        onChange={(e) => setPx(i, { ...px, modifiers: e.currentTarget.value.toUpperCase() })}
                      />
                    )}
                  </Table.Td>
                  <Table.Td>
                    <TextInput
                      size="xs"
                      type="date"
                      aria-label={`Date, procedure ${i + 1} ${px.code}`}
                      value={px.date}
                      disabled={locked}
                      error={errorAt(`/procedures/${i}/date`)}
                      onChange={(e) => setPx(i, { ...px, date: e.currentTarget.value })}
                    />
                  </Table.Td>
                  <Table.Td>
                    <MoveButtons
                      index={i}
                      count={draft.procedures.length}
                      noun="procedure"
                      disabled={locked}
                      onMove={(delta) => edit((d) => ({ ...d, procedures: moveItem(d.procedures, i, delta) }))}
                    />
                  </Table.Td>
                  <Table.Td>
                    <Group gap={2} wrap="nowrap">
                      {px.system !== 'CPT' && (
                        <Button
                          size="compact-xs"
                          variant="subtle"
                          aria-label={`Code detail for procedure ${px.code}`}
                          onClick={() => onShowDetail({ system: px.system, code: px.code })}
                        >
                          Detail
                        </Button>
                      )}
                      <ActionIcon
                        variant="subtle"
                        color="gray"
                        size="sm"
                        aria-label={`Remove procedure ${i + 1} ${px.code}`}
                        disabled={locked}
                        onClick={() => edit((d) => ({ ...d, procedures: removeAt(d.procedures, i) }))}
                      >
                        ×
                      </ActionIcon>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </section>

      <section aria-labelledby="coded-charges-title">
        <Group justify="space-between" mb={4}>
          <Title order={3} size="h6" id="coded-charges-title">
            Charges
          </Title>
          <Button
            size="compact-xs"
            variant="light"
            disabled={locked}
            onClick={() =>
              edit((d) => ({
                ...d,
                chargesEdited: true,
                charges: [...d.charges, { ...BLANK_CHARGE, key: newRowKey() }],
              }))
            }
          >
            Add charge line
          </Button>
        </Group>
        {draft.charges.length === 0 ? (
          <Text size="sm" c="dimmed">
            No charge lines.
          </Text>
        ) : (
          <Table.ScrollContainer minWidth={640}>
            <Table verticalSpacing={2} horizontalSpacing={4} fz="sm" data-testid="coded-charges">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>System</Table.Th>
                  <Table.Th>Code</Table.Th>
                  <Table.Th>Modifiers</Table.Th>
                  <Table.Th>Units</Table.Th>
                  <Table.Th>Revenue code</Table.Th>
                  <Table.Th>Amount</Table.Th>
                  <Table.Th>Service date</Table.Th>
                  <Table.Th>
                    <VisuallyHidden>Actions</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {draft.charges.map((c, i) => {
                  const n = i + 1;
                  return (
                    <Table.Tr key={c.key} data-testid="coded-charge">
                      <Table.Td>
                        <Group gap={2} wrap="nowrap">
                          <NativeSelect
                            size="xs"
                            w={84}
                            aria-label={`Code system, charge ${n}`}
                            data={[{ value: '', label: '—' }, ...CHARGE_SYSTEMS.map((s) => ({ value: s, label: s }))]}
                            value={c.codeSystem}
                            disabled={locked}
                            onChange={(e) =>
                              setCharge(i, { ...c, codeSystem: e.currentTarget.value as DraftCharge['codeSystem'] })
                            }
                          />
                          <Flag severity={chargeFlags.get(i)} />
                        </Group>
                      </Table.Td>
                      <Table.Td>
                        <TextInput
                          size="xs"
                          w={80}
                          styles={MONO}
                          aria-label={`Code, charge ${n}`}
                          value={c.code}
                          disabled={locked}
                          error={errorAt(`/charges/${i}/code`)}
                          onChange={(e) => setCharge(i, { ...c, code: e.currentTarget.value.toUpperCase() })}
                        />
                      </Table.Td>
                      <Table.Td>
                        <TextInput
                          size="xs"
                          w={80}
                          styles={MONO}
                          aria-label={`Modifiers, charge ${n}`}
                          value={c.modifiers}
                          disabled={locked}
                          error={errorAt(`/charges/${i}/modifiers`)}
                          onChange={(e) => setCharge(i, { ...c, modifiers: e.currentTarget.value.toUpperCase() })}
                        />
                      </Table.Td>
                      <Table.Td>
                        <TextInput
                          size="xs"
                          w={60}
                          inputMode="decimal"
                          aria-label={`Units, charge ${n}`}
                          value={c.units}
                          disabled={locked}
                          error={errorAt(`/charges/${i}/units`)}
                          onChange={(e) => setCharge(i, { ...c, units: e.currentTarget.value })}
                        />
                      </Table.Td>
                      <Table.Td>
                        <TextInput
                          size="xs"
                          w={70}
                          styles={MONO}
                          inputMode="numeric"
                          maxLength={4}
                          aria-label={`Revenue code, charge ${n}`}
                          value={c.revenueCode}
                          disabled={locked}
                          error={errorAt(`/charges/${i}/revenueCode`)}
                          onChange={(e) => setCharge(i, { ...c, revenueCode: e.currentTarget.value })}
                        />
                      </Table.Td>
                      <Table.Td>
                        <TextInput
                          size="xs"
                          w={96}
                          inputMode="decimal"
                          aria-label={`Amount, charge ${n}`}
                          value={c.amount}
                          disabled={locked}
                          error={errorAt(`/charges/${i}/amount`)}
                          onChange={(e) => setCharge(i, { ...c, amount: e.currentTarget.value })}
                        />
                      </Table.Td>
                      <Table.Td>
                        <TextInput
                          size="xs"
                          type="date"
                          aria-label={`Service date, charge ${n}`}
                          value={c.serviceDate}
                          disabled={locked}
                          error={errorAt(`/charges/${i}/serviceDate`)}
                          onChange={(e) => setCharge(i, { ...c, serviceDate: e.currentTarget.value })}
                        />
                      </Table.Td>
                      <Table.Td>
                        <ActionIcon
                          variant="subtle"
                          color="gray"
                          size="sm"
                          aria-label={`Remove charge ${n}`}
                          disabled={locked}
                          onClick={() => edit((d) => ({ ...d, chargesEdited: true, charges: removeAt(d.charges, i) }))}
                        >
                          ×
                        </ActionIcon>
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </section>
    </>
  );
}

const BLANK_CHARGE: Omit<DraftCharge, 'key'> = {
  codeSystem: '',
  code: '',
  modifiers: '',
  units: '1',
  revenueCode: '',
  amount: '',
  serviceDate: '',
  description: '',
};

/** Adds a picked code to the draft: a diagnosis or procedure at the end, or a new charge line. */
export function addPicked(
  draft: CodingDraft,
  target: 'diagnosis' | 'procedure' | 'charge',
  code: OpenCode,
  serviceDate: string,
): CodingDraft {
  const plain = code.code.replace(/[.\s]/gu, '').toUpperCase();
  switch (target) {
    case 'diagnosis':
      return { ...draft, diagnoses: [...draft.diagnoses, { key: newRowKey(), code: plain, poa: '' }] };
    case 'procedure': {
      const system = (PROCEDURE_SYSTEMS as readonly string[]).includes(code.system)
        ? (code.system as DraftProcedure['system'])
        : 'ICD-10-PCS';
      return {
        ...draft,
        procedures: [...draft.procedures, { key: newRowKey(), system, code: plain, modifiers: '', date: serviceDate }],
      };
    }
    case 'charge': {
      const codeSystem = code.system === 'CPT' || code.system === 'HCPCS' ? code.system : '';
      return {
        ...draft,
        chargesEdited: true,
        charges: [...draft.charges, { ...BLANK_CHARGE, key: newRowKey(), codeSystem, code: plain, serviceDate }],
      };
    }
  }
}
