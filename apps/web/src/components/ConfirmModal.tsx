import type { ReactNode } from 'react';
import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import type { ProblemDetails } from '@charta/contracts';
import { ProblemAlert } from './ProblemAlert.js';

export interface ConfirmModalProps {
  readonly opened: boolean;
  readonly title: string;
  readonly children: ReactNode;
  readonly confirmLabel: string;
  readonly danger?: boolean;
  readonly busy?: boolean;
  readonly problem?: ProblemDetails | null;
  readonly onConfirm: () => void;
  readonly onCancel: () => void;
}

/** Asks before a change that is hard to undo (deactivating a user, resetting their MFA, changing a role). */
export function ConfirmModal(props: ConfirmModalProps) {
  const { opened, title, children, confirmLabel, danger = false, busy = false, problem, onConfirm, onCancel } = props;
  return (
    <Modal opened={opened} onClose={onCancel} title={title} centered>
      <Stack gap="sm">
        <Text size="sm" component="div">
          {children}
        </Text>
        {problem && <ProblemAlert problem={problem} />}
        <Group justify="flex-end" gap="xs">
          <Button variant="default" onClick={onCancel} disabled={busy}>
            Cancel
          </Button>
          <Button {...(danger ? { color: 'red' } : {})} onClick={onConfirm} loading={busy} data-autofocus>
            {confirmLabel}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
