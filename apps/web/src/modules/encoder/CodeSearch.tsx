import { useId, useState, type KeyboardEvent } from 'react';
import { Badge, Box, Group, Loader, Select, Stack, Text, TextInput } from '@mantine/core';
import type { SearchHit } from '@charta/core';
import { ProblemAlert } from '../../components/ProblemAlert.js';
import { moveHighlight } from './encoder-format.js';
import { SEARCH_SYSTEMS, type SearchSystem } from './encoder-api.js';
import { useEncoderApi, useRemote } from './use-encoder-api.js';

/** Long enough to skip the keystrokes of a word being typed, short enough to feel instant. */
const TYPEAHEAD_DELAY_MS = 120;
const RESULT_LIMIT = 30;

export interface OpenCode {
  readonly system: string;
  readonly code: string;
}

export interface CodeSearchProps {
  readonly date: string;
  readonly selected: OpenCode | null;
  readonly onOpen: (code: OpenCode) => void;
}

const SYSTEM_OPTIONS = [{ value: 'all', label: 'All systems' }, ...SEARCH_SYSTEMS.map((s) => ({ value: s, label: s }))];

/**
 * Typeahead code search: words, codes or abbreviations; the list follows the typing (debounced, stale requests
 * aborted) and keeps the server's ranking, which puts billable codes first. Arrow keys move, Enter opens.
 */
export function CodeSearch({ date, selected, onOpen }: CodeSearchProps) {
  const api = useEncoderApi();
  const [q, setQ] = useState('');
  const [system, setSystem] = useState<SearchSystem | 'all'>('all');
  const [highlight, setHighlight] = useState(-1);
  const listId = useId();

  const trimmed = q.trim();
  const key = trimmed === '' ? null : JSON.stringify([trimmed, system, date]);
  const remote = useRemote(
    key,
    (signal) =>
      api.search(trimmed, { system: system === 'all' ? undefined : system, date, limit: RESULT_LIMIT }, signal),
    TYPEAHEAD_DELAY_MS,
  );
  // The previous list stays while the next one loads, so rows do not flicker under the pointer.
  const hits: readonly SearchHit[] = remote.data?.hits ?? [];
  const active = highlight >= 0 && highlight < hits.length ? highlight : -1;

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      setHighlight(moveHighlight(active, event.key === 'ArrowDown' ? 1 : -1, hits.length));
    } else if (event.key === 'Enter') {
      event.preventDefault();
      const hit = hits[active >= 0 ? active : 0];
      if (hit) onOpen({ system: hit.system, code: hit.code });
    } else if (event.key === 'Escape') {
      setQ('');
      setHighlight(-1);
    }
  };

  const optionId = (i: number): string => `${listId}-opt-${i}`;

  return (
    <Stack gap="xs">
      <Group gap="xs" align="flex-end" wrap="nowrap">
        <TextInput
          label="Search codes"
          placeholder="Words, a code or an abbreviation: copd exacerbation, E11.9, 0DTJ4"
          autoComplete="off"
          spellCheck={false}
          autoFocus
          flex={1}
          value={q}
          onChange={(e) => {
            setQ(e.currentTarget.value);
            setHighlight(-1);
          }}
          onKeyDown={onKeyDown}
          rightSection={remote.loading ? <Loader size="xs" /> : null}
          role="combobox"
          aria-expanded={hits.length > 0}
          aria-controls={listId}
          aria-autocomplete="list"
          {...(active >= 0 ? { 'aria-activedescendant': optionId(active) } : {})}
          data-testid="encoder-search"
        />
        <Select
          label="System"
          data={SYSTEM_OPTIONS}
          value={system}
          allowDeselect={false}
          w={150}
          onChange={(value) => setSystem((value ?? 'all') as SearchSystem | 'all')}
          data-testid="encoder-system"
        />
      </Group>
      {remote.problem && <ProblemAlert problem={remote.problem} />}
      {key !== null && !remote.loading && remote.problem === null && remote.data !== null && hits.length === 0 && (
        <Text size="sm" c="dimmed">
          No codes match on {date}.
        </Text>
      )}
      <ul id={listId} role="listbox" aria-label="Matching codes" className="charta-plain-list charta-encoder-results">
        {hits.map((hit, i) => {
          const isOpen = selected?.system === hit.system && selected.code === hit.code;
          return (
            <li
              key={`${hit.system}:${hit.code}`}
              id={optionId(i)}
              role="option"
              aria-selected={i === active || isOpen}
              data-testid="encoder-result"
              data-code={hit.display}
              className={i === active ? 'charta-encoder-row charta-encoder-row-active' : 'charta-encoder-row'}
              // Options are chosen from the search box (arrows + Enter); a click must not take the focus away from it.
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => {
                setHighlight(i);
                onOpen({ system: hit.system, code: hit.code });
              }}
            >
              <Box px={6} py={3} {...(isOpen ? { bg: 'var(--mantine-primary-color-light)' } : {})}>
                <Group gap={8} wrap="nowrap" align="baseline">
                  <Text ff="monospace" fw={600} size="sm" w={78} className="charta-nowrap">
                    {hit.display}
                  </Text>
                  <Text size="sm" flex={1} lineClamp={2}>
                    {hit.title}
                  </Text>
                  {system === 'all' && hit.system !== 'ICD-10-CM' && (
                    <Badge size="xs" variant="outline" color="gray">
                      {hit.system}
                    </Badge>
                  )}
                  {!hit.billable && (
                    <Badge size="xs" variant="light" color="orange" title="Not valid for submission">
                      header
                    </Badge>
                  )}
                </Group>
                {!hit.billable && hit.path.length > 0 && (
                  <Text size="xs" c="dimmed" pl={86}>
                    {hit.path.join(' › ')}
                  </Text>
                )}
              </Box>
            </li>
          );
        })}
      </ul>
    </Stack>
  );
}
