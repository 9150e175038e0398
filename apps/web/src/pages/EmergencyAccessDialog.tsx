import { useState, type FormEvent } from 'react';
import { Alert, Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { EmergencyAccessRequest, type EmergencyAccessGrant, type ProblemDetails } from '@charta/contracts';
import { useApi } from '../api/api-context.js';
import { fieldMessages, problemOf } from '../api/problem.js';
import { validate } from '../api/validate.js';
import { ProblemAlert } from '../components/ProblemAlert.js';

export interface EmergencyAccessDialogProps {
  readonly opened: boolean;
  readonly patientId: string;
  readonly onClose: () => void;
  readonly onGranted: (grant: EmergencyAccessGrant) => void;
}

/**
 * Break-glass (SEC-16; 45 CFR 164.312(a)(2)(ii)): a designated user states why they need a record they would not
 * normally see. The grant covers this one patient for a limited time, and it is audited, alerted and reviewed.
 */
export function EmergencyAccessDialog({ opened, patientId, onClose, onGranted }: EmergencyAccessDialogProps) {
  const api = useApi();
  const [reason, setReason] = useState('');
  const [fieldError, setFieldError] = useState<string | undefined>(undefined);
  const [problem, setProblem] = useState<ProblemDetails | null>(null);
  const [busy, setBusy] = useState(false);

  const close = () => {
    setReason('');
    setFieldError(undefined);
    setProblem(null);
    onClose();
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setProblem(null);
    const checked = validate(EmergencyAccessRequest, { reason });
    if (!checked.ok) {
      setFieldError(checked.errors[0]?.message);
      return;
    }
    setFieldError(undefined);
    setBusy(true);
    try {
      const grant = await api.requestEmergencyAccess(patientId, checked.value.reason);
      setReason('');
      onGranted(grant);
    } catch (error) {
      const p = problemOf(error);
      setProblem(p);
      setFieldError(fieldMessages(p.errors)['/reason']);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened={opened} onClose={close} title="Emergency access" centered size="lg">
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Stack gap="sm">
          <Alert color="red" variant="light">
            Use emergency access only when a patient's care or safety needs this record now. Your access, the reason you
            give and everything you open are recorded, reported to the privacy office and reviewed.
          </Alert>
          {problem && <ProblemAlert problem={problem} placed={['/reason']} />}
          <Textarea
            label="Reason"
            description="Say what the emergency is and why you need this record (at least 10 characters)."
            required
            autosize
            minRows={3}
            maxRows={8}
            maxLength={1000}
            data-autofocus
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            error={fieldError}
            data-testid="emergency-reason"
          />
          <Text size="xs" c="dimmed" ta="right">
            {reason.trim().length} / 1000
          </Text>
          <Group justify="flex-end" gap="xs">
            <Button variant="default" onClick={close} disabled={busy}>
              Cancel
            </Button>
            <Button type="submit" color="red" loading={busy} data-testid="emergency-submit">
              Open record in emergency
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
