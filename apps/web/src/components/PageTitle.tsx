import type { ReactNode } from 'react';
import { Group, Text, Title } from '@mantine/core';

/** Id of the page heading; the shell moves focus here on navigation so screen readers announce the new page. */
export const PAGE_TITLE_ID = 'page-title';

export interface PageTitleProps {
  readonly children: ReactNode;
  readonly description?: ReactNode;
  /** Buttons on the right of the heading. */
  readonly actions?: ReactNode;
  readonly testId?: string;
}

export function PageTitle({ children, description, actions, testId }: PageTitleProps) {
  return (
    <Group justify="space-between" align="flex-end" mb="md" wrap="nowrap">
      <div>
        <Title order={1} size="h3" id={PAGE_TITLE_ID} tabIndex={-1} data-testid={testId} className="charta-page-title">
          {children}
        </Title>
        {description !== undefined && (
          <Text size="sm" c="dimmed">
            {description}
          </Text>
        )}
      </div>
      {actions !== undefined && <Group gap="xs">{actions}</Group>}
    </Group>
  );
}
