import { Anchor, Badge, Grid, Group, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { CompletionReportQuery, type CompletionReport, type CompletionRuleSetVersion } from '@charta/contracts';
import { BarChart, LineChart } from '../../components/charts/index.js';
import { PageTitle } from '../../components/PageTitle.js';
import { PeriodForm, usePeriodReport } from '../../components/PeriodReport.js';
import { ProblemAlert } from '../../components/ProblemAlert.js';
import { formatDateTime, localIsoDate } from '../../format/datetime.js';
import { useRemote } from '../encoder/use-encoder-api.js';
import { useCompletionApi } from './completion-api.js';
import {
  defaultReportPeriod,
  describeAppliesTo,
  describeWindow,
  formatRate,
  KIND_LABELS,
  NONE,
  timelinessBars,
  trendSeries,
} from './completion-format.js';

function Figure(props: {
  readonly label: string;
  readonly value: string;
  readonly hint?: string | undefined;
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

function ServicesTable({ report }: { readonly report: CompletionReport }) {
  return (
    <Table.ScrollContainer minWidth={800}>
      <Table striped withTableBorder fz="sm" captionSide="top" data-testid="completion-services">
        <Table.Caption style={{ textAlign: 'left', fontWeight: 600 }}>
          Completion by service (the period’s discharges, now)
        </Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Service</Table.Th>
            <Table.Th scope="col" ta="right">
              Discharges
            </Table.Th>
            <Table.Th scope="col" ta="right">
              Complete
            </Table.Th>
            <Table.Th scope="col" ta="right">
              Incomplete
            </Table.Th>
            <Table.Th scope="col" ta="right">
              Delinquent
            </Table.Th>
            <Table.Th scope="col" ta="right">
              Summaries on time
            </Table.Th>
            <Table.Th scope="col" ta="right">
              Median days to signature
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {report.services.length === 0 && (
            <Table.Tr>
              <Table.Td colSpan={7}>No discharges in the period.</Table.Td>
            </Table.Tr>
          )}
          {report.services.map((x) => (
            <Table.Tr key={x.service ?? '(none)'}>
              <Table.Th scope="row" fw={400}>
                {x.service ?? 'No service recorded'}
              </Table.Th>
              <Table.Td ta="right">{x.discharges}</Table.Td>
              <Table.Td ta="right">{x.complete}</Table.Td>
              <Table.Td ta="right">{x.incomplete}</Table.Td>
              <Table.Td ta="right" {...(x.delinquent > 0 ? { c: 'red' } : {})}>
                {x.delinquent}
              </Table.Td>
              <Table.Td ta="right">{formatRate(x.timeliness.share)}</Table.Td>
              <Table.Td ta="right">
                {x.timeliness.medianDays === null ? NONE : x.timeliness.medianDays.toFixed(1)}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function CliniciansTable({ report }: { readonly report: CompletionReport }) {
  const kinds = Object.keys(KIND_LABELS) as (keyof typeof KIND_LABELS)[];
  return (
    <Table.ScrollContainer minWidth={900}>
      <Table striped withTableBorder fz="sm" captionSide="top" data-testid="completion-clinicians">
        <Table.Caption style={{ textAlign: 'left', fontWeight: 600 }}>
          Open deficiencies by clinician (now, whatever the period)
        </Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Clinician</Table.Th>
            <Table.Th scope="col" ta="right">
              Open
            </Table.Th>
            {kinds.map((k) => (
              <Table.Th scope="col" ta="right" key={k}>
                {KIND_LABELS[k]}
              </Table.Th>
            ))}
            <Table.Th scope="col" ta="right">
              Due
            </Table.Th>
            <Table.Th scope="col" ta="right">
              Overdue
            </Table.Th>
            <Table.Th scope="col" ta="right">
              Delinquent
            </Table.Th>
            <Table.Th scope="col" ta="right">
              Oldest (days)
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {report.clinicians.length === 0 && (
            <Table.Tr>
              <Table.Td colSpan={5 + kinds.length + 1}>No open deficiencies.</Table.Td>
            </Table.Tr>
          )}
          {report.clinicians.map((c) => (
            <Table.Tr key={c.practitionerId ?? 'unassigned'}>
              <Table.Th scope="row" fw={400}>
                {c.name ?? 'Unassigned'}
              </Table.Th>
              <Table.Td ta="right" fw={600}>
                {c.open}
              </Table.Td>
              {kinds.map((k) => (
                <Table.Td ta="right" key={k}>
                  {c.byKind[k] ?? 0}
                </Table.Td>
              ))}
              <Table.Td ta="right">{c.byTiming.due}</Table.Td>
              <Table.Td ta="right">{c.byTiming.overdue}</Table.Td>
              <Table.Td ta="right" {...(c.byTiming.delinquent > 0 ? { c: 'red' } : {})}>
                {c.byTiming.delinquent}
              </Table.Td>
              <Table.Td ta="right">{c.oldestAgeDays}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function RuleSet({ rules }: { readonly rules: CompletionRuleSetVersion }) {
  return (
    <Paper withBorder p="sm" component="section" aria-labelledby="completion-rules-title">
      <Title order={2} size="h5" id="completion-rules-title" mb={4}>
        Completion rules {rules.facility === '' ? '' : `of ${rules.facility} `}(version {rules.version})
      </Title>
      <Text size="xs" c="dimmed" mb="xs">
        Saved {formatDateTime(rules.createdAt)}
        {rules.note ? `: ${rules.note}` : ''}. A record is delinquent {rules.ruleSet.delinquencyDays} days after
        discharge while a deficiency is open.{' '}
        {rules.facility === ''
          ? 'The organisation’s default set, which facilities follow unless they have their own.'
          : ''}
      </Text>
      <Table.ScrollContainer minWidth={900}>
        <Table striped fz="sm" verticalSpacing={4} aria-label="Completion rules" data-testid="completion-rules">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Rule</Table.Th>
              <Table.Th scope="col">Applies to</Table.Th>
              <Table.Th scope="col">Deadline</Table.Th>
              <Table.Th scope="col">Signed by</Table.Th>
              <Table.Th scope="col">Source</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rules.ruleSet.rules.map((r) => (
              <Table.Tr key={r.id}>
                <Table.Td>
                  <Text size="sm">{r.title}</Text>
                  <Text size="xs" c="dimmed" ff="monospace">
                    {r.id}
                  </Text>
                  {!r.enabled && (
                    <Badge size="xs" color="gray" variant="light">
                      disabled
                    </Badge>
                  )}
                </Table.Td>
                <Table.Td>{describeAppliesTo(r)}</Table.Td>
                <Table.Td>{describeWindow(r)}</Table.Td>
                <Table.Td>{r.requireAuthentication ? r.authenticatedBy : 'no signature needed'}</Table.Td>
                <Table.Td>
                  {r.citation.url ? (
                    <Anchor href={r.citation.url} target="_blank" rel="noreferrer" size="xs">
                      {r.citation.source}
                    </Anchor>
                  ) : (
                    <Text size="xs">{r.citation.source}</Text>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Paper>
  );
}

/**
 * The completion report for HIM and the medical executive committee: the delinquency rate against the 50% threshold
 * with its monthly trend, discharge-summary timeliness, open deficiencies per clinician (CSV download), and the rule
 * set the figures come from. Aggregates and clinician names only.
 */
export function CompletionReportPage() {
  const api = useCompletionApi();
  const period = usePeriodReport(
    () => defaultReportPeriod(localIsoDate(new Date())),
    CompletionReportQuery,
    (p, signal) => api.report(p, signal),
  );
  const { applied, report } = period;
  const rules = useRemote('rules', (signal) => api.rules(signal));
  const trend = report ? trendSeries(report) : null;
  const d = report?.delinquency;
  const t = report?.timeliness;

  return (
    <Stack gap="sm">
      <PageTitle
        testId="completion-report-title"
        description="Delinquent records against average monthly discharges, discharge-summary timeliness and open deficiencies per clinician. Aggregates only."
        actions={
          <Group gap="md">
            <Anchor href={api.reportCsvUrl(applied)} download size="sm" data-testid="completion-report-csv">
              Download CSV (by clinician)
            </Anchor>
            <Anchor
              href={api.reportCsvUrl(applied, 'services')}
              download
              size="sm"
              data-testid="completion-services-csv"
            >
              Download CSV (by service)
            </Anchor>
          </Group>
        }
      >
        Completion report
      </PageTitle>

      <PeriodForm period={period} />
      {period.alert}

      {report && d && t && trend && (
        <>
          <SimpleGrid cols={{ base: 2, sm: 3, lg: 6 }} spacing="xs" aria-live="polite">
            <Figure
              label="Delinquency rate"
              value={formatRate(d.rate)}
              hint={
                d.exceedsThreshold
                  ? `above the ${formatRate(report.threshold)} threshold`
                  : `threshold ${formatRate(report.threshold)}`
              }
              testId="completion-delinquency-rate"
            />
            <Figure
              label="Delinquent records"
              value={String(d.delinquentRecords)}
              hint={`at ${formatDateTime(d.at)}`}
              testId="completion-delinquent-records"
            />
            <Figure
              label="Average monthly discharges"
              value={d.averageMonthlyDischarges.toFixed(1)}
              hint={d.months.length > 0 ? `${d.months[0] ?? ''} to ${d.months[d.months.length - 1] ?? ''}` : undefined}
            />
            <Figure
              label="Summaries on time"
              value={formatRate(t.share)}
              hint={`${t.timely} of ${t.timely + t.late + t.unauthenticated} with the window closed`}
              testId="completion-timely-share"
            />
            <Figure
              label="Discharges in the period"
              value={String(t.discharges)}
              hint={`${t.pending} still in the window`}
            />
            <Figure
              label="Median days to signed summary"
              value={t.medianDays === null ? NONE : t.medianDays.toFixed(1)}
            />
          </SimpleGrid>
          {d.exceedsThreshold && (
            <Text size="sm" c="red" role="status">
              The delinquency rate is above the threshold: the facility is out of compliance.
            </Text>
          )}
          <Grid gap="md">
            <Grid.Col span={{ base: 12, lg: 6 }}>
              <LineChart
                title="Delinquency rate by month end and now"
                description={`Delinquent records as a percentage of average monthly discharges at each month end and now, with the ${formatRate(report.threshold)} threshold.`}
                categoryLabel="Month"
                categories={trend.categories}
                series={trend.series}
                zeroBased
                formatValue={(v) => `${v.toFixed(1)}%`}
                testId="completion-trend-chart"
              />
            </Grid.Col>
            <Grid.Col span={{ base: 12, lg: 6 }}>
              <BarChart
                title="Discharge-summary timeliness"
                description={`Discharges of the period by whether their summary was authenticated within ${t.windowHours} hours.`}
                categoryLabel="Summary"
                valueLabel="Discharges"
                data={timelinessBars(t)}
                testId="completion-timeliness-chart"
              />
            </Grid.Col>
          </Grid>

          <ServicesTable report={report} />

          <CliniciansTable report={report} />

          <Paper withBorder p="sm">
            <Title order={2} size="h5" mb={4}>
              How the figures are defined
            </Title>
            <Stack gap={4} component="ul" className="charta-plain-list">
              {Object.entries(report.definitions).map(([key, text]) => (
                <Text component="li" size="xs" key={key}>
                  {text}
                </Text>
              ))}
            </Stack>
          </Paper>
        </>
      )}

      {rules.problem && <ProblemAlert problem={rules.problem} />}
      {rules.data && <RuleSet rules={rules.data} />}
    </Stack>
  );
}
