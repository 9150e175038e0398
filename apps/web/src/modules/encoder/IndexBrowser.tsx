import { useState } from 'react';
import { Anchor, Group, Loader, Select, Stack, Table, Text, TextInput, UnstyledButton } from '@mantine/core';
import type { IndexEntryView } from '@charta/core';
import { ProblemAlert } from '../../components/ProblemAlert.js';
import { compactCode } from './encoder-format.js';
import { INDEX_KINDS, type IndexKind } from './encoder-api.js';
import type { OpenCode } from './CodeSearch.js';
import { useEncoderApi, useRemote } from './use-encoder-api.js';

const BROWSE_DELAY_MS = 200;
const MAIN_TERM_LIMIT = 60;

export interface IndexBrowserProps {
  readonly onOpen: (code: OpenCode) => void;
  /** PCS Index entries give the first characters of a code: continue in the builder from there. */
  readonly onBuildPcs: (prefix: string) => void;
}

interface NodeActions {
  readonly kind: IndexKind;
  readonly openCode: (written: string) => void;
  readonly follow: (term: string) => void;
}

/** A code as printed in the Index or a table cell; '--' means "no code" in the Drug and Neoplasm tables. */
function IndexCode({ written, actions }: { written: string; actions: NodeActions }) {
  if (written.trim() === '' || /^-+$/u.test(written.trim()))
    return (
      <Text span c="dimmed">
        —
      </Text>
    );
  return (
    <UnstyledButton
      component="button"
      className="charta-encoder-code-link"
      onClick={() => actions.openCode(written)}
      data-testid="index-code"
    >
      {written}
    </UnstyledButton>
  );
}

/** "See" and "see also" point to another main term (its first comma-separated part) of the same index. */
function CrossRef({ label, target, actions }: { label: string; target: string; actions: NodeActions }) {
  const main = target.split(',')[0]?.trim() ?? target;
  return (
    <Text span size="sm" fs="italic">
      {' '}
      — {label}{' '}
      <Anchor component="button" type="button" size="sm" onClick={() => actions.follow(main)}>
        {target}
      </Anchor>
    </Text>
  );
}

function Cells({ cells, actions }: { cells: Readonly<Record<string, string>>; actions: NodeActions }) {
  const columns = Object.entries(cells);
  return (
    <Table withTableBorder verticalSpacing={1} horizontalSpacing={6} fz="xs" w="auto" my={2}>
      <Table.Thead>
        <Table.Tr>
          {columns.map(([heading]) => (
            <Table.Th key={heading}>{heading}</Table.Th>
          ))}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        <Table.Tr>
          {columns.map(([heading, code]) => (
            <Table.Td key={heading} ff="monospace" className="charta-nowrap">
              <IndexCode written={code} actions={actions} />
            </Table.Td>
          ))}
        </Table.Tr>
      </Table.Tbody>
    </Table>
  );
}

function EntryLine({
  view,
  title,
  expanded,
  onToggle,
  actions,
}: {
  view: IndexEntryView | null;
  title: string;
  expanded: boolean;
  onToggle: () => void;
  actions: NodeActions;
}) {
  const hasSubterms = view === null || view.subterms.length > 0;
  return (
    <div>
      <Group gap={4} wrap="nowrap" align="baseline">
        <UnstyledButton
          component="button"
          w={16}
          fz="xs"
          onClick={onToggle}
          disabled={!hasSubterms}
          aria-expanded={hasSubterms ? expanded : undefined}
          aria-label={hasSubterms ? `${expanded ? 'Collapse' : 'Expand'} ${title}` : undefined}
          style={{ visibility: hasSubterms ? 'visible' : 'hidden' }}
        >
          {expanded ? '▾' : '▸'}
        </UnstyledButton>
        <Text size="sm" span>
          {title}
          {view?.code !== undefined && (
            <>
              {' '}
              <IndexCode written={view.code} actions={actions} />
            </>
          )}
          {view?.manif !== undefined && (
            <>
              {' ['}
              <IndexCode written={view.manif} actions={actions} />
              {']'}
            </>
          )}
          {view?.see !== undefined && <CrossRef label="see" target={view.see} actions={actions} />}
          {view?.seeAlso !== undefined && <CrossRef label="see also" target={view.seeAlso} actions={actions} />}
        </Text>
      </Group>
      {view?.cells && (
        <div style={{ paddingLeft: 20 }}>
          <Cells cells={view.cells} actions={actions} />
        </div>
      )}
    </div>
  );
}

/** A subterm: loads its own entry (code, cross-references, columns) when its parent is opened. */
function IndexNode({ id, title, actions }: { id: number; title: string; actions: NodeActions }) {
  const api = useEncoderApi();
  const [expanded, setExpanded] = useState(false);
  const key = `${actions.kind}:${id}`;
  const remote = useRemote(key, (signal) => api.indexEntry(actions.kind, id, signal));
  const view = remote.key === key ? remote.data : null;
  return (
    <li>
      <EntryLine
        view={view}
        title={title}
        expanded={expanded}
        onToggle={() => setExpanded(!expanded)}
        actions={actions}
      />
      {expanded && view && <Subterms view={view} actions={actions} />}
    </li>
  );
}

function Subterms({ view, actions }: { view: IndexEntryView; actions: NodeActions }) {
  return (
    <ul className="charta-plain-list" style={{ paddingLeft: 18 }}>
      {view.subterms.map((s) => (
        <IndexNode key={s.id} id={s.id} title={s.title} actions={actions} />
      ))}
    </ul>
  );
}

function MainTerm({ view, actions }: { view: IndexEntryView; actions: NodeActions }) {
  const [expanded, setExpanded] = useState(false);
  return (
    <li data-testid="index-term">
      <EntryLine
        view={view}
        title={view.title}
        expanded={expanded}
        onToggle={() => setExpanded(!expanded)}
        actions={actions}
      />
      {expanded && <Subterms view={view} actions={actions} />}
    </li>
  );
}

/**
 * Browses the Alphabetic Index, the External Cause Index, the Table of Drugs and Chemicals, the Neoplasm Table and the
 * ICD-10-PCS Index by main term, the way the Index is meant to be used before the Tabular is checked [ICD-10-CM
 * Official Guidelines FY2026, §I.A.1 and §I.B.1].
 */
export function IndexBrowser({ onOpen, onBuildPcs }: IndexBrowserProps) {
  const api = useEncoderApi();
  const [kind, setKind] = useState<IndexKind>('index');
  const [q, setQ] = useState('');
  const trimmed = q.trim();
  const key = trimmed === '' ? null : JSON.stringify([kind, trimmed]);
  const remote = useRemote(key, (signal) => api.browseIndex(kind, trimmed, MAIN_TERM_LIMIT, signal), BROWSE_DELAY_MS);
  const entries = remote.key === key ? (remote.data?.entries ?? []) : [];

  const actions: NodeActions = {
    kind,
    openCode: (written) => {
      const code = compactCode(written);
      if (kind === 'pcs-index') {
        if (code.length === 7) onOpen({ system: 'ICD-10-PCS', code });
        else onBuildPcs(code);
      } else onOpen({ system: 'ICD-10-CM', code });
    },
    follow: (term) => setQ(term),
  };

  return (
    <Stack gap="xs" data-testid="index-browser">
      <Group gap="xs" align="flex-end" wrap="nowrap">
        <TextInput
          label="Main term"
          placeholder="Disease, Fracture, Aspirin…"
          autoComplete="off"
          spellCheck={false}
          flex={1}
          value={q}
          onChange={(e) => setQ(e.currentTarget.value)}
          rightSection={remote.loading ? <Loader size="xs" /> : null}
          data-testid="index-search"
        />
        <Select
          label="Index"
          data={INDEX_KINDS.map((k) => ({ value: k.value, label: k.label }))}
          value={kind}
          allowDeselect={false}
          w={190}
          onChange={(value) => setKind((value ?? 'index') as IndexKind)}
        />
      </Group>
      {remote.problem && <ProblemAlert problem={remote.problem} />}
      {key !== null && remote.key === key && !remote.loading && entries.length === 0 && remote.problem === null && (
        <Text size="sm" c="dimmed">
          No main term starts with “{trimmed}”.
        </Text>
      )}
      <ul className="charta-plain-list charta-encoder-results" aria-label="Main terms">
        {entries.map((e) => (
          <MainTerm key={`${kind}:${e.id}`} view={e} actions={actions} />
        ))}
      </ul>
    </Stack>
  );
}
