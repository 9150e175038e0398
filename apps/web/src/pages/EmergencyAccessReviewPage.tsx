import { useState, type FormEvent } from 'react';
import { Badge, Button, Group, Modal, Stack, Switch, Table, Text, Textarea } from '@mantine/core';
import { ReviewEmergencyAccessRequest, type EmergencyAccessGrant, type ProblemDetails } from '@charta/contracts';
import { useApi } from '../api/api-context.js';
import { fieldMessages, problemOf } from '../api/problem.js';
import { validate } from '../api/validate.js';
import { PageTitle } from '../components/PageTitle.js';
import { ProblemAlert } from '../components/ProblemAlert.js';
import { formatDateTime } from '../format/datetime.js';
import { shortId } from '../format/ids.js';
import { useLoad } from '../hooks/use-load.js';

/**
 * The break-glass review queue (SEC-16): every emergency access is looked at by a privacy reviewer, who records what
 * they found.
 */
export function EmergencyAccessReviewPage() {
  const api = useApi();
  const grants = useLoad(api.emergencyGrants);
  const [pendingOnly, setPendingOnly] = useState(true);
  const [reviewing, setReviewing] = useState<EmergencyAccessGrant | null>(null);

  const all = grants.data ?? [];
  const shown = pendingOnly ? all.filter((g) => g.reviewedAt === null) : all;
  const now = Date.now();

  return (
    <Stack gap="sm">
      <PageTitle
        description="Emergency (break-glass) accesses, newest first. Review each one and record the outcome."
        actions={
          <Switch
            size="sm"
            label="Awaiting review only"
            checked={pendingOnly}
            onChange={(e) => setPendingOnly(e.currentTarget.checked)}
          />
        }
      >
        Emergency access review
      </PageTitle>
      {grants.problem && <ProblemAlert problem={grants.problem} />}
      <Table.ScrollContainer minWidth={960}>
        <Table striped highlightOnHover data-testid="emergency-grants-table" aria-busy={grants.loading}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Granted</Table.Th>
              <Table.Th>User</Table.Th>
              <Table.Th>Patient</Table.Th>
              <Table.Th>Reason</Table.Th>
              <Table.Th>Until</Table.Th>
              <Table.Th>Review</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {shown.map((g) => (
              <Table.Tr key={g.id} data-testid="emergency-grant-row">
                <Table.Td className="charta-nowrap">{formatDateTime(g.grantedAt)}</Table.Td>
                <Table.Td>{g.username}</Table.Td>
                <Table.Td className="charta-nowrap">
                  <code title={g.patientId}>{shortId(g.patientId)}</code>
                </Table.Td>
                <Table.Td>{g.reason}</Table.Td>
                <Table.Td className="charta-nowrap">
                  {formatDateTime(g.expiresAt)}{' '}
                  {Date.parse(g.expiresAt) > now && (
                    <Badge size="xs" color="red">
                      Active
                    </Badge>
                  )}
                </Table.Td>
                <Table.Td>
                  {g.reviewedAt === null ? (
                    <Button size="compact-xs" onClick={() => setReviewing(g)}>
                      Review…
                    </Button>
                  ) : (
                    <Text size="xs">
                      {formatDateTime(g.reviewedAt)}
                      {g.reviewedBy !== null ? ` by ${g.reviewedBy}` : ''}
                    </Text>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {grants.data !== null && shown.length === 0 && (
        <Text size="sm" c="dimmed">
          {pendingOnly ? 'Nothing awaits review.' : 'No emergency access has been used.'}
        </Text>
      )}
      <ReviewModal
        grant={reviewing}
        onClose={() => setReviewing(null)}
        onReviewed={(updated) => {
          grants.setData((list) => (list ?? []).map((g) => (g.id === updated.id ? updated : g)));
          setReviewing(null);
        }}
      />
    </Stack>
  );
}

interface ReviewModalProps {
  readonly grant: EmergencyAccessGrant | null;
  readonly onClose: () => void;
  readonly onReviewed: (grant: EmergencyAccessGrant) => void;
}

function ReviewModal({ grant, onClose, onReviewed }: ReviewModalProps) {
  const api = useApi();
  const [note, setNote] = useState('');
  const [fieldError, setFieldError] = useState<string | undefined>(undefined);
  const [problem, setProblem] = useState<ProblemDetails | null>(null);
  const [busy, setBusy] = useState(false);

  const close = () => {
    setNote('');
    setFieldError(undefined);
    setProblem(null);
    onClose();
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (grant === null) return;
    setProblem(null);
    const checked = validate(ReviewEmergencyAccessRequest, { note });
    if (!checked.ok) {
      setFieldError(checked.errors[0]?.message);
      return;
    }
    setFieldError(undefined);
    setBusy(true);
    try {
      const updated = await api.reviewEmergencyGrant(grant.id, checked.value.note);
      setNote('');
      onReviewed(updated);
    } catch (error) {
      const p = problemOf(error);
      setProblem(p);
      setFieldError(fieldMessages(p.errors)['/note']);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened={grant !== null} onClose={close} title="Review emergency access" centered size="lg">
      {grant && (
        <form onSubmit={(e) => void submit(e)} noValidate>
          <Stack gap="sm">
            <Text size="sm">
              <strong>{grant.username}</strong> opened patient <code>{grant.patientId}</code> on{' '}
              {formatDateTime(grant.grantedAt)}, giving the reason: “{grant.reason}”
            </Text>
            {problem && <ProblemAlert problem={problem} placed={['/note']} />}
            <Textarea
              label="Review note"
              description="What you checked and what you concluded (for example: justified, care emergency confirmed)."
              required
              autosize
              minRows={3}
              maxLength={1000}
              data-autofocus
              value={note}
              onChange={(e) => setNote(e.currentTarget.value)}
              error={fieldError}
            />
            <Group justify="flex-end" gap="xs">
              <Button variant="default" onClick={close} disabled={busy}>
                Cancel
              </Button>
              <Button type="submit" loading={busy}>
                Record review
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
