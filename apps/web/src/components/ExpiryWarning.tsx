import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { formatCountdown } from '../session/expiry.js';
import type { ExpiryWarningState } from '../session/use-session-expiry.js';

export interface ExpiryWarningProps {
  readonly warning: ExpiryWarningState | null;
  readonly onStay: () => void;
  readonly onSignOut: () => void;
}

/**
 * The two-minute warning before automatic sign-off (SEC-08). For the idle limit "Stay signed in" extends the session;
 * the absolute limit cannot be extended, so then the dialog only says when the session ends.
 */
export function ExpiryWarning({ warning, onStay, onSignOut }: ExpiryWarningProps) {
  const idle = warning?.cause !== 'absolute';
  return (
    <Modal
      opened={warning !== null}
      onClose={idle ? onStay : () => undefined}
      withCloseButton={false}
      closeOnClickOutside={false}
      closeOnEscape={idle}
      centered
      title={idle ? 'Are you still there?' : 'Your session is ending'}
      zIndex={1000}
    >
      <Stack gap="sm" data-testid="expiry-warning">
        <Text size="sm">
          You will be signed out in <strong>{formatCountdown(warning?.remainingMs ?? 0)}</strong>
          {idle ? ' because of inactivity.' : ', when your session reaches its maximum length.'}
        </Text>
        {!idle && (
          <Text size="sm" c="dimmed">
            Save your work; you will need to sign in again.
          </Text>
        )}
        <Group justify="flex-end" gap="xs">
          <Button variant="default" onClick={onSignOut}>
            Sign out now
          </Button>
          {idle && (
            <Button onClick={onStay} data-autofocus>
              Stay signed in
            </Button>
          )}
        </Group>
      </Stack>
    </Modal>
  );
}
