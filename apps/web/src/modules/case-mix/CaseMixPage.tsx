import { Anchor, Grid, Group, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { CaseMixQuery, type CaseMixGroup, type CaseMixReport } from '@charta/contracts';
import { BarChart, LineChart, StackedBarChart } from '../../components/charts/index.js';
import { PageTitle } from '../../components/PageTitle.js';
import { PeriodForm, usePeriodReport } from '../../components/PeriodReport.js';
import { useCaseMixApi } from './case-mix-api.js';
import { captureSeries, defaultPeriod, formatCmi, formatRate } from './case-mix-format.js';

interface Reports {
  readonly month: CaseMixReport;
  readonly service: CaseMixReport;
  readonly attending: CaseMixReport;
}

function Figure(props: {
  readonly label: string;
  readonly value: string;
  readonly hint?: string;
  readonly testId?: string;
}) {
  return (
    <Paper withBorder p="xs">
      <Text size="xs" c="dimmed">
        {props.label}
      </Text>
      <Text size="xl" fw={600} data-testid={props.testId}>
        {props.value}
      </Text>
      {props.hint !== undefined && (
        <Text size="xs" c="dimmed">
          {props.hint}
        </Text>
      )}
    </Paper>
  );
}

function GroupTable(props: {
  readonly caption: string;
  readonly first: string;
  readonly groups: readonly CaseMixGroup[];
  readonly testId: string;
}) {
  return (
    <Table striped withTableBorder data-testid={props.testId} captionSide="top">
      <Table.Caption style={{ textAlign: 'left', fontWeight: 600 }}>{props.caption}</Table.Caption>
      <Table.Thead>
        <Table.Tr>
          <Table.Th scope="col">{props.first}</Table.Th>
          <Table.Th scope="col">Cases</Table.Th>
          <Table.Th scope="col">CMI</Table.Th>
          <Table.Th scope="col">CC/MCC capture</Table.Th>
          <Table.Th scope="col">MCC capture</Table.Th>
          <Table.Th scope="col">Surgical</Table.Th>
          <Table.Th scope="col">HAC cases</Table.Th>
          <Table.Th scope="col">Ungrouped</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {props.groups.length === 0 && (
          <Table.Tr>
            <Table.Td colSpan={8}>No discharges in this period.</Table.Td>
          </Table.Tr>
        )}
        {props.groups.map((g) => (
          <Table.Tr key={g.key}>
            <Table.Th scope="row" fw={400}>
              {g.label}
            </Table.Th>
            <Table.Td>{g.cases}</Table.Td>
            <Table.Td>{formatCmi(g.cmi)}</Table.Td>
            <Table.Td>
              {formatRate(g.capture.rate)}{' '}
              <Text span size="xs" c="dimmed">
                ({g.capture.captured}/{g.capture.eligible})
              </Text>
            </Table.Td>
            <Table.Td>{formatRate(g.capture.mccRate)}</Table.Td>
            <Table.Td>{formatRate(g.surgicalShare)}</Table.Td>
            <Table.Td>{g.hacCases}</Table.Td>
            <Table.Td>{g.ungrouped}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/**
 * Case-mix analytics: CMI trend, DRG distribution, CC/MCC capture, medical/surgical mix and HAC counts over the
 * discharges of a period, with tables by service line and attending physician and CSV downloads. Aggregates only.
 */
export function CaseMixPage() {
  const api = useCaseMixApi();
  const period = usePeriodReport(
    () => defaultPeriod(new Date().toISOString().slice(0, 10)),
    CaseMixQuery,
    async (p, signal): Promise<Reports> => {
      const [month, service, attending] = await Promise.all([
        api.report(p, 'month', signal),
        api.report(p, 'service', signal),
        api.report(p, 'attending', signal),
      ]);
      return { month, service, attending };
    },
  );
  const { applied, report: reports } = period;
  const month = reports?.month;
  const total = month?.total;
  const months = month?.groups ?? [];

  return (
    <Stack gap="sm">
      <PageTitle
        testId="case-mix-title"
        description="Case-mix index, DRG distribution, CC/MCC capture, medical/surgical mix and hospital-acquired conditions of the discharges of a period. Aggregates only."
        actions={
          <Group gap="xs">
            <Text size="sm">Download CSV:</Text>
            <Anchor href={api.csvUrl(applied, 'month')} download size="sm" data-testid="case-mix-csv-month">
              by month
            </Anchor>
            <Anchor href={api.csvUrl(applied, 'service')} download size="sm" data-testid="case-mix-csv-service">
              by service line
            </Anchor>
            <Anchor href={api.csvUrl(applied, 'attending')} download size="sm" data-testid="case-mix-csv-attending">
              by attending
            </Anchor>
          </Group>
        }
      >
        Case mix
      </PageTitle>

      <PeriodForm period={period} testId="case-mix" />
      {period.alert}

      {total && month && reports && (
        <>
          <SimpleGrid cols={{ base: 2, sm: 3, lg: 6 }} spacing="xs" aria-live="polite" data-testid="case-mix-summary">
            <Figure
              label="Discharges"
              value={String(total.cases)}
              hint={`${total.ungrouped} ungrouped`}
              testId="case-mix-cases"
            />
            <Figure
              label="Case-mix index"
              value={formatCmi(total.cmi)}
              hint={`Σ weight ${total.totalWeight.toFixed(2)}`}
              testId="case-mix-cmi"
            />
            <Figure
              label="CC/MCC capture"
              value={formatRate(total.capture.rate)}
              hint={`${total.capture.captured} of ${total.capture.eligible} in split DRGs`}
              testId="case-mix-capture"
            />
            <Figure label="MCC capture" value={formatRate(total.capture.mccRate)} />
            <Figure
              label="Surgical share"
              value={formatRate(total.surgicalShare)}
              hint={`${total.medical} medical, ${total.surgical} surgical`}
              testId="case-mix-surgical"
            />
            <Figure
              label="HAC cases"
              value={String(total.hacCases)}
              hint={`${total.hacDrgChanged} changed the DRG`}
              testId="case-mix-hac"
            />
          </SimpleGrid>
          <Text size="xs" c="dimmed">
            {month.scope === 'final-coded'
              ? 'Inpatient discharges whose coding is final.'
              : 'Inpatient discharges with coded diagnoses.'}{' '}
            Grouper:{' '}
            {month.grouperVersions.length === 0
              ? 'none'
              : month.grouperVersions.map((v) => `MS-DRG v${v.version} (${v.cases})`).join(', ')}
            .
          </Text>

          <Grid gap="md">
            <Grid.Col span={{ base: 12, lg: 6 }}>
              <LineChart
                title="Case-mix index by month"
                description="Mean MS-DRG relative weight of the month's grouped discharges."
                categoryLabel="Month"
                categories={months.map((g) => g.label)}
                series={[{ name: 'CMI', values: months.map((g) => g.cmi) }]}
                formatValue={(v) => v.toFixed(2)}
                testId="case-mix-cmi-chart"
              />
            </Grid.Col>
            <Grid.Col span={{ base: 12, lg: 6 }}>
              <BarChart
                title={`Most frequent DRGs (${month.drgs.length} of ${month.distinctDrgs})`}
                description="Discharges per MS-DRG, most frequent first."
                categoryLabel="DRG"
                valueLabel="Discharges"
                data={month.drgs.map((d) => ({
                  label: `${d.drg} ${d.title}`,
                  value: d.cases,
                  detail: `weight ${d.relativeWeight === null ? '—' : d.relativeWeight.toFixed(4)}, ${d.medSurg.toLowerCase()}`,
                }))}
                testId="case-mix-drg-chart"
              />
            </Grid.Col>
            <Grid.Col span={{ base: 12, lg: 6 }}>
              <StackedBarChart
                title="CC/MCC capture by month"
                description="Discharges in DRG families split by severity: captured with an MCC, with a CC, or not captured."
                categoryLabel="Month"
                categories={months.map((g) => g.label)}
                series={captureSeries(months)}
                normalize
                testId="case-mix-capture-chart"
              />
            </Grid.Col>
            <Grid.Col span={{ base: 12, lg: 6 }}>
              <StackedBarChart
                title="Medical and surgical discharges by month"
                categoryLabel="Month"
                categories={months.map((g) => g.label)}
                series={[
                  { name: 'Medical', values: months.map((g) => g.medical) },
                  { name: 'Surgical', values: months.map((g) => g.surgical) },
                ]}
                testId="case-mix-mix-chart"
              />
            </Grid.Col>
            <Grid.Col span={{ base: 12, lg: 6 }}>
              <BarChart
                title="Hospital-acquired conditions"
                description="Discharges with each HAC category's criteria met (HAC-list code not present on admission)."
                categoryLabel="HAC category"
                valueLabel="Discharges"
                data={month.hacCategories.map((h) => ({
                  label: `HAC ${String(h.hac).padStart(2, '0')} ${h.title}`,
                  value: h.cases,
                }))}
                testId="case-mix-hac-chart"
              />
            </Grid.Col>
            <Grid.Col span={{ base: 12, lg: 6 }}>
              <LineChart
                title="HAC cases by month"
                categoryLabel="Month"
                categories={months.map((g) => g.label)}
                series={[{ name: 'HAC cases', values: months.map((g) => g.hacCases) }]}
                zeroBased
                formatValue={(v) => String(Math.round(v * 100) / 100)}
              />
            </Grid.Col>
          </Grid>

          <GroupTable
            caption="By service line"
            first="Service line"
            groups={reports.service.groups}
            testId="case-mix-by-service"
          />
          <GroupTable
            caption="By attending physician"
            first="Attending"
            groups={reports.attending.groups}
            testId="case-mix-by-attending"
          />

          <Paper withBorder p="sm">
            <Title order={2} size="h5" mb={4}>
              How the figures are defined
            </Title>
            <Stack gap={4} component="ul" className="charta-plain-list" data-testid="case-mix-definitions">
              {Object.entries(month.definitions).map(([key, text]) => (
                <Text component="li" size="xs" key={key}>
                  {text}
                </Text>
              ))}
            </Stack>
          </Paper>
        </>
      )}
    </Stack>
  );
}
