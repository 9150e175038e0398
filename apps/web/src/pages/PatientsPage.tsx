import { useRef, useState, type FormEvent } from 'react';
import { Button, Grid, Group, Stack, Table, Text, TextInput, UnstyledButton } from '@mantine/core';
import { PatientSearchQuery, type PatientSummary, type ProblemDetails } from '@charta/contracts';
import { useApi } from '../api/api-context.js';
import { fieldMessages, problemOf } from '../api/problem.js';
import { validate } from '../api/validate.js';
import { PageTitle } from '../components/PageTitle.js';
import { ProblemAlert } from '../components/ProblemAlert.js';
import { PatientDetailPanel } from './PatientDetailPanel.js';

/**
 * Patient search and the record panel. Search terms and results stay in this page's state only: never in the URL,
 * history or web storage (SEC-25), and gone when the page or the session closes.
 */
export function PatientsPage() {
  const api = useApi();
  const [q, setQ] = useState('');
  const [fieldError, setFieldError] = useState<string | undefined>(undefined);
  const [results, setResults] = useState<readonly PatientSummary[] | null>(null);
  const [problem, setProblem] = useState<ProblemDetails | null>(null);
  const [busy, setBusy] = useState(false);
  const [selected, setSelected] = useState<PatientSummary | null>(null);
  const request = useRef(0);
  const inputRef = useRef<HTMLInputElement>(null);

  const search = async (event: FormEvent) => {
    event.preventDefault();
    setProblem(null);
    const checked = validate(PatientSearchQuery, { q });
    if (!checked.ok) {
      setFieldError(checked.errors.find((e) => e.path === '/q')?.message ?? checked.errors[0]?.message);
      inputRef.current?.focus();
      return;
    }
    setFieldError(undefined);
    const mine = ++request.current;
    setBusy(true);
    try {
      const patients = await api.searchPatients(checked.value.q);
      if (mine !== request.current) return;
      setResults(patients);
      setSelected(null);
    } catch (error) {
      if (mine !== request.current) return;
      const p = problemOf(error);
      setProblem(p);
      setFieldError(fieldMessages(p.errors)['/q']);
    } finally {
      if (mine === request.current) setBusy(false);
    }
  };

  return (
    <Stack gap="sm">
      <PageTitle description="Search by name, medical record number or birth date (YYYY-MM-DD).">Patients</PageTitle>
      <form onSubmit={(e) => void search(e)} noValidate role="search" aria-label="Patient search">
        <Group align="flex-start" gap="xs">
          <TextInput
            ref={inputRef}
            aria-label="Search patients"
            placeholder="Name, MRN or birth date"
            autoComplete="off"
            spellCheck={false}
            w={360}
            maw="100%"
            value={q}
            onChange={(e) => setQ(e.currentTarget.value)}
            error={fieldError}
            data-testid="patient-search"
          />
          <Button type="submit" loading={busy} data-testid="patient-search-submit">
            Search
          </Button>
        </Group>
      </form>
      {problem && <ProblemAlert problem={problem} placed={['/q']} />}

      <Grid gap="sm">
        <Grid.Col span={{ base: 12, lg: selected ? 5 : 12 }}>
          {results !== null && results.length === 0 && (
            <Text size="sm" c="dimmed">
              No patients match.
            </Text>
          )}
          {results !== null && results.length > 0 && (
            <Table highlightOnHover data-testid="patient-results">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>MRN</Table.Th>
                  <Table.Th>Birth date</Table.Th>
                  <Table.Th>Sex</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {results.map((p) => (
                  <Table.Tr
                    key={p.id}
                    {...(selected?.id === p.id ? { bg: 'var(--mantine-primary-color-light)' } : {})}
                    className="charta-clickable-row"
                    onClick={() => setSelected(p)}
                    data-testid="patient-row"
                  >
                    <Table.Td>
                      <UnstyledButton
                        fz="sm"
                        fw={600}
                        c="var(--mantine-primary-color-filled)"
                        aria-pressed={selected?.id === p.id}
                        onClick={(e) => {
                          e.stopPropagation();
                          setSelected(p);
                        }}
                      >
                        {p.familyName}, {p.givenName}
                      </UnstyledButton>
                    </Table.Td>
                    <Table.Td className="charta-nowrap">{p.mrn}</Table.Td>
                    <Table.Td className="charta-nowrap">{p.birthDate}</Table.Td>
                    <Table.Td>{p.sex}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Grid.Col>
        {selected && (
          <Grid.Col span={{ base: 12, lg: 7 }}>
            <PatientDetailPanel key={selected.id} patient={selected} onClose={() => setSelected(null)} />
          </Grid.Col>
        )}
      </Grid>
    </Stack>
  );
}
