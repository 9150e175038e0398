import { useState } from 'react';
import { Stack } from '@mantine/core';
import { CodingQueue } from './CodingQueue.js';
import { useCodingWorkApi } from './use-coding-work-api.js';
import { Workbench } from './Workbench.js';

/**
 * The coding module: the work queues and, for the encounter a coder opens, the workbench. The open encounter lives in
 * this page's state only (never in the URL or history: no PHI on the device); "Back" returns to the queue.
 */
export function CodingWorkPage() {
  const api = useCodingWorkApi();
  const [open, setOpen] = useState<string | null>(null);
  return (
    <Stack gap="xs">
      {open === null ? (
        <CodingQueue api={api} onOpen={setOpen} />
      ) : (
        <Workbench key={open} api={api} encounterId={open} onBack={() => setOpen(null)} />
      )}
    </Stack>
  );
}
