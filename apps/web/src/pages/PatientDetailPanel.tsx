import { useCallback, useEffect, useRef, useState } from 'react';
import {
  Alert,
  Badge,
  Button,
  CloseButton,
  Group,
  Loader,
  Paper,
  SimpleGrid,
  Stack,
  Tabs,
  Text,
  Title,
} from '@mantine/core';
import type { PatientDetail, PatientSummary, ProblemDetails } from '@charta/contracts';
import { useApi } from '../api/api-context.js';
import { isEmergencyAccessAvailable, problemOf } from '../api/problem.js';
import { ProblemAlert } from '../components/ProblemAlert.js';
import { EMPTY, formatTime } from '../format/datetime.js';
import { useSession } from '../session/session-context.js';
import { AccessReportTab } from './AccessReportTab.js';
import { EmergencyAccessDialog } from './EmergencyAccessDialog.js';

export interface PatientDetailPanelProps {
  readonly patient: PatientSummary;
  readonly onClose: () => void;
}

type Load =
  | { readonly state: 'loading' }
  | { readonly state: 'open'; readonly detail: PatientDetail }
  | { readonly state: 'emergency-available'; readonly problem: ProblemDetails }
  | { readonly state: 'failed'; readonly problem: ProblemDetails };

const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * One patient's record. When the server refuses normal access but allows break-glass, offers the emergency-access
 * dialog; an emergency grant is shown as a red badge with its end time, and the record closes itself when it ends.
 */
export function PatientDetailPanel({ patient, onClose }: PatientDetailPanelProps) {
  const api = useApi();
  const { can } = useSession();
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const [dialog, setDialog] = useState(false);
  const [ended, setEnded] = useState<string | null>(null);
  const [tab, setTab] = useState<string | null>('details');
  const request = useRef(0);
  const headingRef = useRef<HTMLHeadingElement>(null);

  const fetchDetail = useCallback(async () => {
    const mine = ++request.current;
    setLoad({ state: 'loading' });
    try {
      const detail = await api.patient(patient.id);
      if (mine === request.current) setLoad({ state: 'open', detail });
    } catch (error) {
      if (mine !== request.current) return;
      const problem = problemOf(error);
      setLoad(
        isEmergencyAccessAvailable(problem) ? { state: 'emergency-available', problem } : { state: 'failed', problem },
      );
    }
  }, [api, patient.id]);

  useEffect(() => {
    setEnded(null);
    setTab('details');
    void fetchDetail();
    headingRef.current?.focus();
  }, [fetchDetail]);

  // An emergency grant is time-limited: take the record off screen when it ends (the server refuses it from then on).
  const emergencyUntil =
    load.state === 'open' && load.detail.access === 'emergency' ? load.detail.emergencyExpiresAt : null;
  useEffect(() => {
    if (emergencyUntil === null) return;
    const wait = Date.parse(emergencyUntil) - Date.now();
    const timer = window.setTimeout(
      () => {
        setEnded(emergencyUntil);
        void fetchDetail();
      },
      Math.min(Math.max(wait, 0), MAX_TIMER_MS),
    );
    return () => window.clearTimeout(timer);
  }, [emergencyUntil, fetchDetail]);

  const name = `${patient.familyName}, ${patient.givenName}`;

  return (
    <Paper withBorder p="sm" data-testid="patient-detail">
      <Group justify="space-between" align="flex-start" wrap="nowrap" mb="xs">
        <div>
          <Title order={2} size="h4" ref={headingRef} tabIndex={-1} className="charta-page-title">
            {name}
          </Title>
          <Text size="xs" c="dimmed">
            MRN {patient.mrn}
          </Text>
        </div>
        <Group gap="xs" wrap="nowrap">
          {emergencyUntil !== null && (
            <Badge color="red" variant="filled" tt="none" data-testid="emergency-badge">
              Emergency access until {formatTime(emergencyUntil)}
            </Badge>
          )}
          <CloseButton aria-label="Close patient" onClick={onClose} />
        </Group>
      </Group>

      {ended !== null && load.state !== 'open' && (
        <Alert color="yellow" variant="light" mb="xs" role="status">
          Emergency access ended at {formatTime(ended)}.
        </Alert>
      )}

      <Tabs value={tab} onChange={setTab} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="details">Details</Tabs.Tab>
          {can('patient:access-report') && <Tabs.Tab value="access">Access report</Tabs.Tab>}
        </Tabs.List>
        <Tabs.Panel value="details" pt="sm">
          {load.state === 'loading' && <Loader size="sm" aria-label="Loading patient" />}
          {load.state === 'failed' &&
            (load.problem.status === 404 ? (
              <Text size="sm">This patient was not found or is outside your scope.</Text>
            ) : (
              <ProblemAlert problem={load.problem} />
            ))}
          {load.state === 'emergency-available' && (
            <Stack gap="xs" align="flex-start">
              <Alert color="orange" variant="light" title="Restricted record">
                {load.problem.detail ?? 'You do not have normal access to this record.'} If this is an emergency, you
                may open it for a limited time; the access is audited and reviewed.
              </Alert>
              <Button color="red" onClick={() => setDialog(true)} data-testid="emergency-open">
                Emergency access…
              </Button>
            </Stack>
          )}
          {load.state === 'open' && <Details detail={load.detail} />}
        </Tabs.Panel>
        {can('patient:access-report') && (
          <Tabs.Panel value="access" pt="sm">
            <AccessReportTab patientId={patient.id} />
          </Tabs.Panel>
        )}
      </Tabs>

      <EmergencyAccessDialog
        opened={dialog}
        patientId={patient.id}
        onClose={() => setDialog(false)}
        onGranted={() => {
          setDialog(false);
          setEnded(null);
          void fetchDetail();
        }}
      />
    </Paper>
  );
}

function Details({ detail }: { readonly detail: PatientDetail }) {
  const rows: [string, string][] = [
    ['MRN', detail.mrn],
    ['Family name', detail.familyName],
    ['Given name', detail.givenName],
    ['Birth date', detail.birthDate],
    ['Sex', detail.sex],
    ['Phone', detail.phone ?? EMPTY],
    ['Address', detail.address ?? EMPTY],
  ];
  return (
    <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs" verticalSpacing={6} component="dl" m={0}>
      {rows.map(([label, value]) => (
        <div key={label}>
          <Text component="dt" size="xs" c="dimmed">
            {label}
          </Text>
          <Text component="dd" size="sm" m={0}>
            {value}
          </Text>
        </div>
      ))}
    </SimpleGrid>
  );
}
