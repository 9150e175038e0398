import { useCallback, useState } from 'react';
import { Grid, Group, Stack, Tabs, TextInput } from '@mantine/core';
import { PageTitle } from '../../components/PageTitle.js';
import { CodeCheck } from './CodeCheck.js';
import { CodeDetailPanel } from './CodeDetailPanel.js';
import { CodeSearch, type OpenCode } from './CodeSearch.js';
import { todayIso } from './encoder-format.js';
import { IndexBrowser } from './IndexBrowser.js';
import { PcsBuilder } from './PcsBuilder.js';
import './encoder.css';

const TAB = { search: 'search', pcs: 'pcs', index: 'index', check: 'check' } as const;
type Tab = (typeof TAB)[keyof typeof TAB];

/**
 * The Encoder: code search, the Tabular detail of a code, the PCS builder, the Alphabetic Index and a live check of
 * an encounter's codes. The date picks the code-set release (date of service, or discharge date for an inpatient
 * stay: DOMAIN.md §1), so a coder working an old account sees the codes and notes in force then.
 */
export function EncoderPage() {
  const [date, setDate] = useState(todayIso);
  const [tab, setTab] = useState<Tab>(TAB.search);
  const [open, setOpen] = useState<OpenCode | null>(null);
  const [pcsStart, setPcsStart] = useState('');

  const openCode = useCallback((code: OpenCode) => setOpen(code), []);
  const buildPcs = useCallback((prefix: string) => {
    setPcsStart(prefix);
    setTab(TAB.pcs);
  }, []);
  const validDate = /^\d{4}-\d{2}-\d{2}$/u.test(date) ? date : todayIso();

  return (
    <Stack gap="xs">
      <PageTitle
        description="ICD-10-CM, ICD-10-PCS and HCPCS: search, Tabular notes, PCS builder, Index and live code checks."
        actions={
          <Group gap="xs">
            <TextInput
              type="date"
              label="Date of service / discharge"
              size="xs"
              value={date}
              onChange={(e) => setDate(e.currentTarget.value)}
              data-testid="encoder-date"
            />
          </Group>
        }
      >
        Encoder
      </PageTitle>
      <Grid gap="md">
        <Grid.Col span={{ base: 12, lg: open ? 6 : 12 }}>
          <Tabs value={tab} onChange={(v) => setTab((v ?? TAB.search) as Tab)} keepMounted>
            <Tabs.List mb="xs">
              <Tabs.Tab value={TAB.search} data-testid="encoder-tab-search">
                Search
              </Tabs.Tab>
              <Tabs.Tab value={TAB.pcs} data-testid="encoder-tab-pcs">
                PCS builder
              </Tabs.Tab>
              <Tabs.Tab value={TAB.index} data-testid="encoder-tab-index">
                Index
              </Tabs.Tab>
              <Tabs.Tab value={TAB.check} data-testid="encoder-tab-check">
                Check codes
              </Tabs.Tab>
            </Tabs.List>
            <Tabs.Panel value={TAB.search}>
              <CodeSearch date={validDate} selected={open} onOpen={openCode} />
            </Tabs.Panel>
            <Tabs.Panel value={TAB.pcs}>
              <PcsBuilder start={pcsStart} onOpen={openCode} />
            </Tabs.Panel>
            <Tabs.Panel value={TAB.index}>
              <IndexBrowser onOpen={openCode} onBuildPcs={buildPcs} />
            </Tabs.Panel>
            <Tabs.Panel value={TAB.check}>
              <CodeCheck date={validDate} onOpen={openCode} narrow={open !== null} />
            </Tabs.Panel>
          </Tabs>
        </Grid.Col>
        {open && (
          <Grid.Col span={{ base: 12, lg: 6 }}>
            <CodeDetailPanel
              key={`${open.system}:${open.code}`}
              open={open}
              date={validDate}
              onOpen={openCode}
              onBuildPcs={buildPcs}
              onClose={() => setOpen(null)}
            />
          </Grid.Col>
        )}
      </Grid>
    </Stack>
  );
}
