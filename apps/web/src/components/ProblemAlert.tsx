import { Alert, List, Text } from '@mantine/core';
import type { ProblemDetails } from '@charta/contracts';
import { showsTraceId, unplacedErrors } from '../api/problem.js';

export interface ProblemAlertProps {
  readonly problem: ProblemDetails;
  /** JSON Pointers the form shows next to its fields; those messages are not repeated here. */
  readonly placed?: readonly string[];
  readonly onClose?: () => void;
}

/**
 * Shows an API problem: its title and detail, any field errors the form could not place, and for server failures the
 * trace id, which support staff use to find the logged details (the client never sees them).
 */
export function ProblemAlert({ problem, placed = [], onClose }: ProblemAlertProps) {
  const rest = unplacedErrors(problem.errors, placed);
  const color = problem.status === 0 || problem.status >= 500 ? 'red' : 'orange';
  return (
    <Alert
      color={color}
      variant="light"
      title={problem.title}
      role="alert"
      withCloseButton={onClose !== undefined}
      {...(onClose ? { onClose } : {})}
    >
      {problem.detail !== undefined && problem.detail !== problem.title && <Text size="sm">{problem.detail}</Text>}
      {rest.length > 0 && (
        <List size="sm" mt={4}>
          {rest.map((e, i) => (
            <List.Item key={`${e.path}-${i}`}>{e.message}</List.Item>
          ))}
        </List>
      )}
      {showsTraceId(problem) && (
        <Text size="xs" c="dimmed" mt={4}>
          Reference for support: <code>{problem.traceId}</code>
        </Text>
      )}
    </Alert>
  );
}
