import { useState } from 'react';
import { Button, Drawer, Group, Paper, Tabs, Text } from '@mantine/core';
import { displayCode, type CodeSystem } from '@charta/core';
import { CodeDetailPanel } from '../encoder/CodeDetailPanel.js';
import { CodeSearch, type OpenCode } from '../encoder/CodeSearch.js';
import { PcsBuilder } from '../encoder/PcsBuilder.js';
import '../encoder/encoder.css';

export type AddTarget = 'diagnosis' | 'procedure' | 'charge';

export interface CodePickerProps {
  /** The date whose code-set release applies (discharge date for an inpatient stay). */
  readonly date: string;
  readonly onAdd: (target: AddTarget, code: OpenCode) => void;
  readonly onClose: () => void;
}

/** Where a code of a system may go on the coded record. */
function targetsFor(system: string): readonly AddTarget[] {
  switch (system) {
    case 'ICD-10-CM':
      return ['diagnosis'];
    case 'ICD-10-PCS':
      return ['procedure'];
    case 'HCPCS':
    case 'CPT':
      return ['procedure', 'charge'];
    default:
      return [];
  }
}

const TARGET_WORDS: Readonly<Record<AddTarget, string>> = {
  diagnosis: 'to diagnoses',
  procedure: 'to procedures',
  charge: 'as a charge',
};

/**
 * Picking codes for the coded record with the Encoder's own tools: the typeahead search and the PCS builder; the
 * chosen code's Tabular detail opens beside the workbench before the coder adds it.
 */
export function CodePicker({ date, onAdd, onClose }: CodePickerProps) {
  const [tab, setTab] = useState<'search' | 'pcs'>('search');
  const [chosen, setChosen] = useState<OpenCode | null>(null);
  const [detailOpen, setDetailOpen] = useState(false);
  const [pcsStart, setPcsStart] = useState('');
  const shown = chosen ? displayCode(chosen.system as CodeSystem, chosen.code) : '';

  return (
    <Paper withBorder p="sm" component="section" aria-label="Add codes">
      <Tabs value={tab} onChange={(v) => setTab(v === 'pcs' ? 'pcs' : 'search')} keepMounted={false}>
        <Group justify="space-between" mb="xs" wrap="nowrap">
          <Tabs.List>
            <Tabs.Tab value="search">Search</Tabs.Tab>
            <Tabs.Tab value="pcs">PCS builder</Tabs.Tab>
          </Tabs.List>
          <Button size="compact-sm" variant="subtle" color="gray" onClick={onClose}>
            Close code search
          </Button>
        </Group>
        <Tabs.Panel value="search">
          <CodeSearch date={date} selected={chosen} onOpen={setChosen} />
        </Tabs.Panel>
        <Tabs.Panel value="pcs">
          <PcsBuilder start={pcsStart} onOpen={setChosen} />
        </Tabs.Panel>
      </Tabs>
      {chosen && (
        <Group gap="xs" mt="xs" aria-live="polite" data-testid="code-picker-chosen">
          <Text size="sm">
            Chosen:{' '}
            <Text span ff="monospace" fw={700}>
              {shown}
            </Text>{' '}
            <Text span size="xs" c="dimmed">
              {chosen.system}
            </Text>
          </Text>
          {targetsFor(chosen.system).map((target) => (
            <Button key={target} size="xs" onClick={() => onAdd(target, chosen)}>
              Add {shown} {TARGET_WORDS[target]}
            </Button>
          ))}
          <Button size="xs" variant="default" onClick={() => setDetailOpen(true)}>
            Code detail
          </Button>
        </Group>
      )}
      <Drawer
        opened={detailOpen && chosen !== null}
        onClose={() => setDetailOpen(false)}
        position="right"
        size="lg"
        title="Code detail"
      >
        {chosen && (
          <CodeDetailPanel
            key={`${chosen.system}:${chosen.code}`}
            open={chosen}
            date={date}
            onOpen={setChosen}
            onBuildPcs={(prefix) => {
              setPcsStart(prefix);
              setTab('pcs');
              setDetailOpen(false);
            }}
            onClose={() => setDetailOpen(false)}
          />
        )}
      </Drawer>
    </Paper>
  );
}
