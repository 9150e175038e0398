import type { ReactNode } from 'react';
import { Center, Paper, Stack, Text, Title } from '@mantine/core';

export interface AuthFrameProps {
  readonly title: string;
  readonly children: ReactNode;
  readonly width?: number;
}

/** The centred card every sign-in step is shown in. */
export function AuthFrame({ title, children, width = 400 }: AuthFrameProps) {
  return (
    <Center mih="100vh" p="md" component="main">
      <Paper withBorder shadow="sm" p="lg" w={width} maw="100%" radius="md">
        <Stack gap="md">
          <div>
            <Text fw={700} size="lg" c="teal.8">
              Charta
            </Text>
            <Title order={1} size="h3" id="auth-title">
              {title}
            </Title>
          </div>
          {children}
        </Stack>
      </Paper>
    </Center>
  );
}
