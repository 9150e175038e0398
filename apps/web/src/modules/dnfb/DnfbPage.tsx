import { useState } from 'react';
import {
  Button,
  Grid,
  Group,
  Loader,
  NativeSelect,
  Paper,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { CodingQueue, type AgeBucket, type DnfbBreakdown, type DnfbSection } from '@charta/contracts';
import { BarChart, StackedBarChart } from '../../components/charts/index.js';
import { PageTitle } from '../../components/PageTitle.js';
import { ProblemAlert } from '../../components/ProblemAlert.js';
import { formatDateTime } from '../../format/datetime.js';
import { useCodingWorkApi } from '../coding-work/use-coding-work-api.js';
import { formatDuration, formatMoney, holdReasonLabel, queueLabel } from '../coding-work/work-format.js';
import { todayIso } from '../encoder/encoder-format.js';
import { useRemote } from '../encoder/use-encoder-api.js';
import { bucketCounts, bucketLabel, daysBefore } from './dnfb-view.js';

const FILTER_DELAY_MS = 250;
const count = (n: number): string => n.toLocaleString('en-US');

function Breakdown({
  title,
  rows,
  buckets,
  keyLabel,
  testId,
}: {
  title: string;
  rows: readonly DnfbBreakdown[];
  buckets: readonly AgeBucket[];
  keyLabel: (key: string) => string;
  testId: string;
}) {
  return (
    <Table.ScrollContainer minWidth={520}>
      <Table fz="sm" verticalSpacing={2} striped data-testid={testId}>
        <Table.Caption>{title}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th />
            {buckets.map((b) => (
              <Table.Th key={b} ta="right">
                {bucketLabel(b)}
              </Table.Th>
            ))}
            <Table.Th ta="right">Total</Table.Th>
            <Table.Th ta="right">Expected charges</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((r) => (
            <Table.Tr key={r.key}>
              <Table.Th scope="row" fw={500}>
                {keyLabel(r.key)}
              </Table.Th>
              {bucketCounts(r, buckets).map((n, i) => (
                <Table.Td key={buckets[i]} ta="right">
                  {count(n)}
                </Table.Td>
              ))}
              <Table.Td ta="right" fw={600}>
                {count(r.total.count)}
              </Table.Td>
              <Table.Td ta="right">{formatMoney(r.total.charges)}</Table.Td>
            </Table.Tr>
          ))}
          {rows.length === 0 && (
            <Table.Tr>
              <Table.Td colSpan={buckets.length + 3}>
                <Text size="sm" c="dimmed">
                  None.
                </Text>
              </Table.Td>
            </Table.Tr>
          )}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function Section({
  title,
  section,
  buckets,
  testId,
}: {
  title: string;
  section: DnfbSection;
  buckets: readonly AgeBucket[];
  testId: string;
}) {
  const byType = section.byType;
  return (
    <Paper withBorder p="sm" component="section" aria-labelledby={`${testId}-title`} data-testid={testId}>
      <Stack gap="sm">
        <Group justify="space-between" align="flex-end">
          <Title order={2} size="h5" id={`${testId}-title`}>
            {title}
          </Title>
          <Group gap="lg">
            <div>
              <Text size="xs" c="dimmed">
                Accounts
              </Text>
              <Text fw={700} size="xl" data-testid={`${testId}-count`}>
                {count(section.total.count)}
              </Text>
            </div>
            <div>
              <Text size="xs" c="dimmed">
                Expected charges
              </Text>
              <Text fw={700} size="xl" data-testid={`${testId}-charges`}>
                {formatMoney(section.total.charges)}
              </Text>
            </div>
          </Group>
        </Group>
        <StackedBarChart
          title={`${title}: accounts by days since discharge and type`}
          description="Each column is an age bucket; its segments are the encounter types. The table under 'Show data' has the numbers."
          categoryLabel="Days since discharge"
          categories={buckets.map(bucketLabel)}
          series={
            byType.length > 0
              ? byType.map((t) => ({ name: queueLabel(t.key), values: bucketCounts(t, buckets) }))
              : [{ name: 'Accounts', values: bucketCounts(section, buckets) }]
          }
          formatValue={count}
          height={180}
        />
        <Breakdown
          title="By encounter type"
          rows={byType}
          buckets={buckets}
          keyLabel={queueLabel}
          testId={`${testId}-by-type`}
        />
        <Breakdown
          title="By payer"
          rows={section.byPayer}
          buckets={buckets}
          keyLabel={(k) => k || 'No payer'}
          testId={`${testId}-by-payer`}
        />
      </Stack>
    </Paper>
  );
}

function Productivity() {
  const api = useCodingWorkApi();
  const today = todayIso();
  const [from, setFrom] = useState(() => daysBefore(today, 29));
  const [to, setTo] = useState(today);
  const valid = /^\d{4}-\d{2}-\d{2}$/u.test(from) && /^\d{4}-\d{2}-\d{2}$/u.test(to) && from <= to;
  const key = valid ? JSON.stringify([from, to]) : null;
  const report = useRemote(key, (signal) => api.productivity({ from, to }, signal), FILTER_DELAY_MS);
  const data = report.key === key ? report.data : null;
  return (
    <Paper withBorder p="sm" component="section" aria-labelledby="productivity-title">
      <Stack gap="sm">
        <Group justify="space-between" align="flex-end">
          <Title order={2} size="h5" id="productivity-title">
            Coder productivity
          </Title>
          <Group gap="xs" align="flex-end">
            <TextInput
              type="date"
              size="xs"
              label="From"
              value={from}
              onChange={(e) => setFrom(e.currentTarget.value)}
            />
            <TextInput
              type="date"
              size="xs"
              label="To"
              value={to}
              error={valid ? undefined : 'On or after From'}
              onChange={(e) => setTo(e.currentTarget.value)}
            />
            {report.loading && <Loader size="xs" aria-label="Loading productivity" />}
          </Group>
        </Group>
        {report.problem && <ProblemAlert problem={report.problem} />}
        {data && (
          <Grid gap="md">
            <Grid.Col span={{ base: 12, md: 6 }}>
              <BarChart
                title="Records finalised per coder"
                categoryLabel="Coder"
                valueLabel="Finalised"
                data={data.byCoder.map((r) => ({ label: r.coder.displayName, value: r.finalized }))}
                formatValue={count}
                height={Math.max(80, data.byCoder.length * 26)}
              />
            </Grid.Col>
            <Grid.Col span={{ base: 12, md: 6 }}>
              <Table fz="sm" verticalSpacing={2} striped data-testid="productivity-table">
                <Table.Caption>
                  Coding time counts while the workbench is open, each idle gap capped at{' '}
                  {formatDuration(data.idleCapSeconds)}.
                </Table.Caption>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Coder</Table.Th>
                    <Table.Th ta="right">Finalised</Table.Th>
                    <Table.Th ta="right">Coding time</Table.Th>
                    <Table.Th ta="right">Per hour</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.byCoder.map((r) => (
                    <Table.Tr key={r.coder.id}>
                      <Table.Th scope="row" fw={500}>
                        {r.coder.displayName}
                      </Table.Th>
                      <Table.Td ta="right">{count(r.finalized)}</Table.Td>
                      <Table.Td ta="right">{formatDuration(r.codingSeconds)}</Table.Td>
                      <Table.Td ta="right">{r.perHour === null ? '—' : r.perHour.toFixed(1)}</Table.Td>
                    </Table.Tr>
                  ))}
                  {data.byCoder.length === 0 && (
                    <Table.Tr>
                      <Table.Td colSpan={4}>
                        <Text size="sm" c="dimmed">
                          Nothing finalised in this period.
                        </Text>
                      </Table.Td>
                    </Table.Tr>
                  )}
                </Table.Tbody>
              </Table>
            </Grid.Col>
          </Grid>
        )}
      </Stack>
    </Paper>
  );
}

/**
 * DNFB: discharged encounters not final coded, and final coded but not billed, by days since discharge, type and
 * payer, with their expected charges; the hold reasons behind them; coder productivity. Every chart's numbers are in a
 * table beside it or under its "Show data".
 */
export function DnfbPage() {
  const api = useCodingWorkApi();
  const [type, setType] = useState('');
  const [payer, setPayer] = useState('');
  const [generation, setGeneration] = useState(0);
  const query = { type: type || undefined, payer: payer.trim() || undefined };
  const key = JSON.stringify([query, generation]);
  const report = useRemote(key, (signal) => api.dnfb(query, signal), FILTER_DELAY_MS);
  const data = report.data;

  return (
    <Stack gap="sm">
      <PageTitle
        testId="dnfb-title"
        description={
          data
            ? `Discharged, not final coded or billed, as of ${formatDateTime(data.asOf)}.`
            : 'Discharged, not final coded or billed.'
        }
        actions={
          <Button size="xs" variant="default" loading={report.loading} onClick={() => setGeneration((g) => g + 1)}>
            Refresh
          </Button>
        }
      >
        DNFB
      </PageTitle>
      <Group gap="xs" align="flex-end" component="form" aria-label="DNFB filters" onSubmit={(e) => e.preventDefault()}>
        <NativeSelect
          label="Encounter type"
          size="xs"
          value={type}
          onChange={(e) => setType(e.currentTarget.value)}
          data={[
            { value: '', label: 'All types' },
            ...CodingQueue.options.map((q) => ({ value: q, label: queueLabel(q) })),
          ]}
        />
        <TextInput label="Payer" size="xs" value={payer} onChange={(e) => setPayer(e.currentTarget.value)} />
      </Group>
      {report.problem && <ProblemAlert problem={report.problem} />}
      {data === null && report.loading && <Loader aria-label="Loading the DNFB report" />}
      {data && (
        <>
          <SimpleGrid cols={{ base: 1, xl: 2 }} spacing="md">
            <Section
              title="Not final coded"
              section={data.notFinalCoded}
              buckets={data.buckets}
              testId="dnfb-not-coded"
            />
            <Section
              title="Not final billed"
              section={data.notFinalBilled}
              buckets={data.buckets}
              testId="dnfb-not-billed"
            />
          </SimpleGrid>
          <Paper withBorder p="sm" component="section" aria-labelledby="holds-title">
            <Title order={2} size="h5" id="holds-title" mb="xs">
              On hold
            </Title>
            <Grid gap="md">
              <Grid.Col span={{ base: 12, md: 6 }}>
                <BarChart
                  title="Accounts on hold by reason"
                  categoryLabel="Hold reason"
                  valueLabel="Accounts"
                  data={data.onHold.map((h) => ({ label: holdReasonLabel(h.reason), value: h.count }))}
                  formatValue={count}
                  height={Math.max(60, data.onHold.length * 26)}
                />
              </Grid.Col>
              <Grid.Col span={{ base: 12, md: 6 }}>
                <Table fz="sm" verticalSpacing={2} striped data-testid="dnfb-holds">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>Hold reason</Table.Th>
                      <Table.Th ta="right">Accounts</Table.Th>
                      <Table.Th ta="right">Expected charges</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {data.onHold.map((h) => (
                      <Table.Tr key={h.reason}>
                        <Table.Th scope="row" fw={500}>
                          {holdReasonLabel(h.reason)}
                        </Table.Th>
                        <Table.Td ta="right">{count(h.count)}</Table.Td>
                        <Table.Td ta="right">{formatMoney(h.charges)}</Table.Td>
                      </Table.Tr>
                    ))}
                    {data.onHold.length === 0 && (
                      <Table.Tr>
                        <Table.Td colSpan={3}>
                          <Text size="sm" c="dimmed">
                            Nothing on hold.
                          </Text>
                        </Table.Td>
                      </Table.Tr>
                    )}
                  </Table.Tbody>
                </Table>
              </Grid.Col>
            </Grid>
          </Paper>
        </>
      )}
      <Productivity />
    </Stack>
  );
}
