import { Button, Group } from '@mantine/core';

interface Props {
  /** The first row shown (0-based), the rows per page and the rows in all. */
  readonly offset: number;
  readonly pageSize: number;
  readonly total: number;
  readonly onOffset: (offset: number) => void;
}

/** Previous and next page buttons under a paged table; nothing when one page holds them all. */
export function Pager({ offset, pageSize, total, onOffset }: Props) {
  if (total <= pageSize) return null;
  return (
    <Group gap="xs">
      <Button
        size="compact-sm"
        variant="default"
        disabled={offset === 0}
        onClick={() => onOffset(Math.max(0, offset - pageSize))}
      >
        Previous page
      </Button>
      <Button
        size="compact-sm"
        variant="default"
        disabled={offset + pageSize >= total}
        onClick={() => onOffset(offset + pageSize)}
      >
        Next page
      </Button>
    </Group>
  );
}
