import {
  Alert,
  Badge,
  CloseButton,
  Group,
  Loader,
  Paper,
  Stack,
  Table,
  Text,
  Title,
  UnstyledButton,
} from '@mantine/core';
import { displayCode, type CodeDetail, type CodeHistoryEvent, type CodeLookup, type CodeSystem } from '@charta/core';
import { ProblemAlert } from '../../components/ProblemAlert.js';
import type { OpenCode } from './CodeSearch.js';
import { TabularNotes } from './TabularNotes.js';
import { useEncoderApi, useRemote } from './use-encoder-api.js';

export interface CodeDetailPanelProps {
  readonly open: OpenCode;
  readonly date: string;
  readonly onOpen: (code: OpenCode) => void;
  /** Continues in the PCS builder from a table (the first three characters). */
  readonly onBuildPcs: (prefix: string) => void;
  readonly onClose: () => void;
}

/** Why a code is not reportable on the date, in a coder's words (reasons from the code-set store). */
function lookupMessage(lookup: CodeLookup, show: (code: string) => string): string | null {
  if (lookup.ok) return null;
  const e = lookup.error;
  switch (e.reason) {
    case 'invalid-format':
      return e.message;
    case 'unknown':
      return `Not a code of ${e.release.system} ${e.release.version}.`;
    case 'not-yet-valid':
      return `Not yet valid on this date: first in ${e.firstVersion}, from ${e.validFrom}.`;
    case 'deleted':
      return (
        `Deleted: last reportable in ${e.lastVersion}, not from ${e.deletedOn}.` +
        (e.replacedBy.length > 0 ? ` Replaced by ${e.replacedBy.map(show).join(', ')}.` : '')
      );
    case 'header':
      return (
        'A header, not valid for submission: choose a more specific code.' +
        (e.becameHeaderOn ? ` Billable until ${e.becameHeaderOn}.` : '') +
        (e.replacedBy && e.replacedBy.length > 0 ? ` Replaced by ${e.replacedBy.map(show).join(', ')}.` : '')
      );
    case 'no-release':
      return `No ${e.system} release is loaded for ${e.date}.`;
  }
}

const CHANGE_LABEL: Record<CodeHistoryEvent['change'], string> = {
  added: 'Added',
  revised: 'Title revised',
  deleted: 'Deleted',
  'became-header': 'Became a header',
  'became-billable': 'Became billable',
};

function CodeButton({ label, onClick }: { label: string; onClick: () => void }) {
  return (
    <UnstyledButton component="button" className="charta-encoder-code-link" onClick={onClick}>
      {label}
    </UnstyledButton>
  );
}

function Hierarchy({ detail, onOpen }: { detail: CodeDetail; onOpen: (code: string) => void }) {
  const h = detail.entry?.hierarchy;
  if (!h) return null;
  const rows: { label: string; id: string; title: string; code?: string }[] = [];
  if (h.chapter) rows.push({ label: 'Chapter', id: h.chapter.id, title: h.chapter.title });
  if (h.block) rows.push({ label: 'Block', id: h.block.id, title: h.block.title });
  if (h.category && h.category.id !== detail.code)
    rows.push({ label: 'Category', id: h.category.id, title: h.category.title, code: h.category.id });
  const between = h.ancestors.filter((a) => a !== h.category?.id && a !== detail.code);
  if (rows.length === 0 && between.length === 0) return null;
  const show = (c: string): string => displayCode(detail.system, c);
  return (
    <Table withRowBorders={false} verticalSpacing={1} horizontalSpacing={6} fz="sm" aria-label="Hierarchy">
      <Table.Tbody>
        {rows.map((r) => (
          <Table.Tr key={r.label}>
            <Table.Td w={80} c="dimmed">
              {r.label}
            </Table.Td>
            <Table.Td className="charta-nowrap" ff="monospace" w={90}>
              {r.code ? <CodeButton label={show(r.code)} onClick={() => onOpen(r.code ?? '')} /> : r.id}
            </Table.Td>
            <Table.Td>{r.title}</Table.Td>
          </Table.Tr>
        ))}
        {between.length > 0 && (
          <Table.Tr>
            <Table.Td w={80} c="dimmed">
              Parents
            </Table.Td>
            <Table.Td colSpan={2} ff="monospace">
              <Group gap={8}>
                {between.map((a) => (
                  <CodeButton key={a} label={show(a)} onClick={() => onOpen(a)} />
                ))}
              </Group>
            </Table.Td>
          </Table.Tr>
        )}
      </Table.Tbody>
    </Table>
  );
}

/**
 * Everything about one code on the date of service: title, billable or header and why, hierarchy, subcodes, every
 * Tabular note that applies, POA exemption, release history and, for ICD-10-PCS, the meaning of each character.
 */
export function CodeDetailPanel({ open, date, onOpen, onBuildPcs, onClose }: CodeDetailPanelProps) {
  const api = useEncoderApi();
  const key = JSON.stringify([open.system, open.code, date]);
  const remote = useRemote(key, (signal) => api.detail(open.system, open.code, date, signal));
  const detail = remote.key === key ? remote.data : null;
  const system = open.system as CodeSystem;
  const show = (c: string): string => displayCode(system, c);
  const openSame = (code: string) => onOpen({ system: open.system, code });
  const openCm = (code: string) => onOpen({ system: 'ICD-10-CM', code });

  const entry = detail?.entry;
  const billable = detail ? detail.lookup.ok && entry?.billable === true : undefined;
  const problemText = detail ? lookupMessage(detail.lookup, show) : null;

  return (
    <Paper
      withBorder
      p="sm"
      className="charta-encoder-detail"
      data-testid="code-detail"
      aria-busy={remote.loading}
      aria-label="Code detail"
      component="section"
    >
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <div>
            <Group gap="xs" align="baseline">
              <Title order={2} size="h4" ff="monospace" data-testid="code-detail-code">
                {entry?.display ?? show(open.code)}
              </Title>
              <Badge size="sm" variant="outline" color="gray">
                {open.system}
                {entry ? ` ${entry.version}` : ''}
              </Badge>
              {billable === true && (
                <Badge size="sm" color="green" variant="light">
                  billable
                </Badge>
              )}
              {detail && billable === false && entry && (
                <Badge size="sm" color="orange" variant="light">
                  header
                </Badge>
              )}
              {remote.loading && <Loader size="xs" />}
            </Group>
            {entry && (
              <Text size="sm" fw={500} data-testid="code-detail-title">
                {entry.longTitle || entry.shortTitle}
              </Text>
            )}
          </div>
          <CloseButton aria-label="Close code detail" onClick={onClose} />
        </Group>

        {remote.problem && <ProblemAlert problem={remote.problem} />}
        {problemText !== null && (
          <Alert color="orange" variant="light" p="xs" data-testid="code-detail-status">
            <Text size="sm">{problemText}</Text>
            {detail && !detail.lookup.ok && detail.lookup.error.reason === 'header' && (
              <Group gap={8} mt={4}>
                {detail.lookup.error.billableChildren.map((c) => (
                  <CodeButton key={c} label={show(c)} onClick={() => openSame(c)} />
                ))}
              </Group>
            )}
          </Alert>
        )}

        {detail && (
          <>
            {system === 'ICD-10-PCS' ? (
              detail.code.length === 7 && (
                <Group gap={6}>
                  <Text size="sm" c="dimmed">
                    Table
                  </Text>
                  <CodeButton label={detail.code.slice(0, 3)} onClick={() => onBuildPcs(detail.code.slice(0, 3))} />
                  <Text size="xs" c="dimmed">
                    (opens the PCS builder)
                  </Text>
                </Group>
              )
            ) : (
              <Hierarchy detail={detail} onOpen={openSame} />
            )}

            {detail.children.length > 0 && (
              <section aria-label="Subcodes">
                <Title order={3} size="h6">
                  Subcodes
                </Title>
                <Table verticalSpacing={1} horizontalSpacing={6} fz="sm" highlightOnHover>
                  <Table.Tbody>
                    {detail.children.map((c) => (
                      <Table.Tr key={c.code}>
                        <Table.Td w={90} className="charta-nowrap" ff="monospace">
                          <CodeButton label={c.display} onClick={() => openSame(c.code)} />
                        </Table.Td>
                        <Table.Td>{c.longTitle || c.shortTitle}</Table.Td>
                        <Table.Td w={60}>
                          {!c.billable && (
                            <Badge size="xs" variant="light" color="orange">
                              header
                            </Badge>
                          )}
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </section>
            )}

            {detail.pcsCharacters && detail.pcsCharacters.length > 0 && (
              <section aria-label="Characters">
                <Title order={3} size="h6">
                  Characters
                </Title>
                <Table verticalSpacing={1} horizontalSpacing={6} fz="sm" data-testid="pcs-characters">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th w={30}>#</Table.Th>
                      <Table.Th>Axis</Table.Th>
                      <Table.Th w={40}>Value</Table.Th>
                      <Table.Th>Meaning</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {detail.pcsCharacters.map((c) => (
                      <Table.Tr key={c.position}>
                        <Table.Td>{c.position}</Table.Td>
                        <Table.Td>{c.axis}</Table.Td>
                        <Table.Td ff="monospace" fw={600}>
                          {c.value}
                        </Table.Td>
                        <Table.Td>
                          {c.label}
                          {c.definition && (
                            <Text size="xs" c="dimmed">
                              {c.definition}
                            </Text>
                          )}
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </section>
            )}

            {detail.notes && (
              <TabularNotes notes={detail.notes} disclaimer={detail.notesDisclaimer} onOpenCode={openCm} />
            )}

            {detail.poaExempt !== undefined && (
              <Text size="sm" data-testid="poa-exempt">
                <Text span fw={700}>
                  POA:{' '}
                </Text>
                {detail.poaExempt
                  ? 'exempt from present-on-admission reporting (report the indicator as blank / 1).'
                  : 'a present-on-admission indicator is required on inpatient claims.'}
              </Text>
            )}

            {detail.history.length > 0 && (
              <section aria-label="Release history">
                <Title order={3} size="h6">
                  Release history
                </Title>
                <Table verticalSpacing={1} horizontalSpacing={6} fz="sm">
                  <Table.Tbody>
                    {detail.history.map((h, i) => (
                      <Table.Tr key={`${h.version}-${i}`}>
                        <Table.Td w={80} className="charta-nowrap">
                          {h.version}
                        </Table.Td>
                        <Table.Td w={90} className="charta-nowrap">
                          {h.effectiveFrom}
                        </Table.Td>
                        <Table.Td>
                          {CHANGE_LABEL[h.change]}
                          {h.change === 'revised' && h.from !== undefined && (
                            <Text size="xs" c="dimmed">
                              was “{h.from}”
                            </Text>
                          )}
                          {h.replacedBy && h.replacedBy.length > 0 && (
                            <Group gap={6}>
                              <Text size="xs">replaced by</Text>
                              {h.replacedBy.map((c) => (
                                <CodeButton key={c} label={show(c)} onClick={() => openSame(c)} />
                              ))}
                            </Group>
                          )}
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </section>
            )}
          </>
        )}
      </Stack>
    </Paper>
  );
}
