import { useState } from 'react';
import { Stack, Tabs } from '@mantine/core';
import { PageTitle } from '../../components/PageTitle.js';
import { AnalysisQueue, DEFAULT_QUEUE_FILTERS, type QueueFilters } from './AnalysisQueue.js';
import { useCompletionApi } from './completion-api.js';
import { ALL_OPEN, DeficiencyListView, type DeficiencyFilters } from './DeficiencyListView.js';
import { RecordCompletion } from './RecordCompletion.js';

type Tab = 'queue' | 'deficiencies';

/**
 * Record completion for HIM: the analysis queue of discharged records and the deficiency list (with the delinquency
 * list for the medical staff office); opening a record shows its analysis. The open record lives in this page's state
 * only (never in the URL: no PHI in the address bar or history); "Back" returns to the list it came from, with its view and filters as they were.
 */
export function CompletionPage() {
  const api = useCompletionApi();
  const [tab, setTab] = useState<Tab>('queue');
  const [queueFilters, setQueueFilters] = useState<QueueFilters>(DEFAULT_QUEUE_FILTERS);
  const [filters, setFilters] = useState<DeficiencyFilters>(ALL_OPEN);
  const [open, setOpen] = useState<string | null>(null);

  if (open !== null) {
    return <RecordCompletion key={open} api={api} encounterId={open} onBack={() => setOpen(null)} />;
  }
  return (
    <Stack gap="sm">
      <PageTitle
        testId="completion-title"
        description="Discharged records analysed against the completion rules: review them, assign and follow up deficiencies, and work the delinquency list."
      >
        Record completion
      </PageTitle>
      <Tabs value={tab} onChange={(v) => setTab(v === 'deficiencies' ? 'deficiencies' : 'queue')} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="queue">Analysis queue</Tabs.Tab>
          <Tabs.Tab value="deficiencies">Deficiencies</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="queue" pt="sm">
          <Stack gap="sm">
            <AnalysisQueue api={api} filters={queueFilters} onFilters={setQueueFilters} onOpen={setOpen} />
          </Stack>
        </Tabs.Panel>
        <Tabs.Panel value="deficiencies" pt="sm">
          <Stack gap="sm">
            <DeficiencyListView api={api} filters={filters} onFilters={setFilters} onOpen={setOpen} />
          </Stack>
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
