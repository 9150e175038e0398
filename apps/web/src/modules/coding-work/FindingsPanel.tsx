import { Anchor, Badge, Group, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import type { CodingState } from '@charta/contracts';
import type { Finding } from '@charta/core';
import { placeOf } from './coding-draft.js';

const SEVERITY_COLOR: Readonly<Record<Finding['severity'], string>> = { error: 'red', warning: 'yellow', info: 'blue' };

export interface FindingsPanelProps {
  readonly state: CodingState;
  /** A change is being saved and checked: the list is that of the previous save. */
  readonly checking: boolean;
}

/** The edits' findings on the saved codes, errors first; finalising needs no errors. */
export function FindingsPanel({ state, checking }: FindingsPanelProps) {
  const order = { error: 0, warning: 1, info: 2 } as const;
  const findings = [...state.findings].sort((a, b) => order[a.severity] - order[b.severity]);
  const { errors, warnings } = state.summary;
  return (
    <Paper withBorder p="sm" component="section" aria-labelledby="findings-title" aria-busy={checking}>
      <Group gap="xs" mb={6}>
        <Title order={3} size="h6" id="findings-title">
          Findings
        </Title>
        <Badge size="sm" color={errors > 0 ? 'red' : 'gray'} variant="light" data-testid="findings-errors">
          {errors} {errors === 1 ? 'error' : 'errors'}
        </Badge>
        <Badge size="sm" color={warnings > 0 ? 'yellow' : 'gray'} variant="light">
          {warnings} {warnings === 1 ? 'warning' : 'warnings'}
        </Badge>
        {checking && <Loader size="xs" aria-label="Checking the codes" />}
      </Group>
      <div aria-live="polite" style={checking ? { opacity: 0.6 } : undefined}>
        {findings.length === 0 ? (
          <Text size="sm" c="green" data-testid="findings-clean">
            No findings: the codes pass every edit Charta runs for this encounter.
          </Text>
        ) : (
          <ul className="charta-plain-list" aria-label="Findings" data-testid="findings">
            {findings.map((f, i) => (
              <li
                key={`${f.ruleId}-${f.path}-${i}`}
                style={{ marginBottom: 6 }}
                data-testid="finding"
                data-rule={f.ruleId}
              >
                <Stack gap={0}>
                  <Group gap={6} wrap="nowrap" align="baseline">
                    <Badge size="xs" color={SEVERITY_COLOR[f.severity]} variant="filled" miw={62}>
                      {f.severity}
                    </Badge>
                    <Text size="xs" c="dimmed">
                      {placeOf(f.path)}
                    </Text>
                    <Text size="xs" ff="monospace" c="dimmed">
                      {f.ruleId}
                    </Text>
                  </Group>
                  <Text size="sm">{f.message}</Text>
                  <Text size="xs" c="dimmed">
                    {f.citation.url ? (
                      <Anchor href={f.citation.url} target="_blank" rel="noreferrer" size="xs">
                        {f.citation.source}
                      </Anchor>
                    ) : (
                      f.citation.source
                    )}
                  </Text>
                </Stack>
              </li>
            ))}
          </ul>
        )}
      </div>
    </Paper>
  );
}

/** The working MS-DRG of an inpatient stay, as of the last save. */
export function DrgPanel({ state, checking }: FindingsPanelProps) {
  const drg = state.drg;
  return (
    <Paper withBorder p="sm" component="section" aria-labelledby="drg-title" aria-busy={checking}>
      <Group gap="xs" mb={4}>
        <Title order={3} size="h6" id="drg-title">
          Working MS-DRG
        </Title>
        {checking && <Loader size="xs" aria-label="Regrouping" />}
      </Group>
      <div aria-live="polite" data-testid="workbench-drg">
        {drg ? (
          <Stack gap={2}>
            <Group gap="xs" align="baseline">
              <Text fw={700} size="lg" ff="monospace">
                MS-DRG {drg.drg}
              </Text>
              <Text size="sm" fw={500}>
                {drg.title}
              </Text>
            </Group>
            <Group gap="md">
              <Text size="sm">
                Relative weight <b data-testid="workbench-drg-weight">{drg.relativeWeight?.toFixed(4) ?? '—'}</b>
              </Text>
              <Text size="sm">MDC {drg.mdc || '—'}</Text>
              <Text size="sm">GMLOS {drg.gmlos?.toFixed(1) ?? '—'}</Text>
              <Text size="sm">{drg.medSurg.toLowerCase()}</Text>
              <Text size="sm" c="dimmed">
                Grouper v{drg.version}
              </Text>
              {drg.returnCode !== 'OK' && (
                <Badge color="red" size="sm">
                  {drg.returnCode}
                </Badge>
              )}
            </Group>
          </Stack>
        ) : state.drgIssues.length > 0 ? (
          <Text size="sm" c="orange">
            {state.drgIssues.map((i) => i.message).join(' ')}
          </Text>
        ) : (
          <Text size="sm" c="dimmed">
            Add a principal diagnosis to see the working DRG.
          </Text>
        )}
      </div>
    </Paper>
  );
}
