import { useEffect, useRef } from 'react';
import { Alert, Button, CopyButton, Group, SimpleGrid, Stack, Text } from '@mantine/core';
import { AuthFrame } from './AuthFrame.js';

export interface RecoveryCodesPageProps {
  readonly codes: readonly string[];
  readonly onDone: () => void | Promise<void>;
}

/**
 * Shows the recovery codes exactly once, straight after enrolment. They are never written to browser storage and are
 * gone from memory as soon as the person confirms.
 */
export function RecoveryCodesPage({ codes, onDone }: RecoveryCodesPageProps) {
  const listRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    listRef.current?.focus();
  }, []);

  return (
    <AuthFrame title="Save your recovery codes" width={480}>
      <Alert color="yellow" variant="light">
        These codes are shown only now. Each one lets you sign in once if you lose your authenticator. Keep them
        somewhere safe, away from this computer: a password manager or a printed copy in a locked drawer.
      </Alert>
      <SimpleGrid
        cols={2}
        spacing="xs"
        ref={listRef}
        tabIndex={-1}
        aria-label="Recovery codes"
        data-testid="recovery-codes"
        component="ul"
        className="charta-recovery-codes"
      >
        {codes.map((code) => (
          <Text key={code} component="li" ff="monospace" size="md">
            {code}
          </Text>
        ))}
      </SimpleGrid>
      <Stack gap="xs">
        <Group justify="space-between">
          <CopyButton value={codes.join('\n')}>
            {({ copied, copy }) => (
              <Button variant="default" onClick={copy}>
                {copied ? 'Copied' : 'Copy codes'}
              </Button>
            )}
          </CopyButton>
          <Button onClick={() => void onDone()} data-testid="recovery-codes-saved">
            I have saved these codes
          </Button>
        </Group>
      </Stack>
    </AuthFrame>
  );
}
