import { useCallback } from 'react';
import { Badge, Stack, Table, Text } from '@mantine/core';
import { useApi } from '../api/api-context.js';
import { ProblemAlert } from '../components/ProblemAlert.js';
import { EMPTY, formatDateTime } from '../format/datetime.js';
import { roleLabel } from '../format/roles.js';
import { useLoad } from '../hooks/use-load.js';

/** Who opened this patient's record, and how (HIPAA accounting of access; SEC-19). */
export function AccessReportTab({ patientId }: { readonly patientId: string }) {
  const api = useApi();
  const load = useCallback(() => api.accessReport(patientId), [api, patientId]);
  const report = useLoad(load);

  return (
    <Stack gap="xs">
      {report.problem && <ProblemAlert problem={report.problem} />}
      {report.loading && (
        <Text size="sm" c="dimmed">
          Loading…
        </Text>
      )}
      {report.data && report.data.entries.length === 0 && (
        <Text size="sm" c="dimmed">
          No access recorded.
        </Text>
      )}
      {report.data && report.data.entries.length > 0 && (
        <Table.ScrollContainer minWidth={640}>
          <Table striped data-testid="access-report-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Time</Table.Th>
                <Table.Th>User</Table.Th>
                <Table.Th>Role</Table.Th>
                <Table.Th>Action</Table.Th>
                <Table.Th>Outcome</Table.Th>
                <Table.Th>Reason</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {report.data.entries.map((e, i) => (
                <Table.Tr key={`${e.occurredAt}-${i}`}>
                  <Table.Td className="charta-nowrap">{formatDateTime(e.occurredAt)}</Table.Td>
                  <Table.Td>{e.username ?? EMPTY}</Table.Td>
                  <Table.Td>{e.role === null ? EMPTY : roleLabel(e.role)}</Table.Td>
                  <Table.Td className="charta-nowrap">
                    <code>{e.action}</code>{' '}
                    {e.emergency && (
                      <Badge size="xs" color="red">
                        Emergency
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td>{e.outcome}</Table.Td>
                  <Table.Td>{e.reason ?? EMPTY}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}
