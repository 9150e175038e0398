import { useCallback, useEffect, useRef, useState } from 'react';
import {
  ActionIcon,
  Badge,
  Button,
  Group,
  Indicator,
  Loader,
  Paper,
  Popover,
  ScrollArea,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { Action } from '@charta/core';
import type { InAppNotification, ProblemDetails } from '@charta/contracts';
import { problemOf } from '../../api/problem.js';
import { ProblemAlert } from '../../components/ProblemAlert.js';
import { formatDateTime } from '../../format/datetime.js';
import { useSession } from '../../session/session-context.js';
import { useNotificationsApi } from './notifications-api.js';
import { badgeText, bellLabel, STEP_COLORS, STEP_LABELS, unreadFirst } from './notifications-format.js';

/** The unread count is read again this often; the route does not extend the session, so idle logoff still applies. */
const POLL_MS = 60_000;
/** How many notifications the list shows: the newest, unread first. */
const LIST_LIMIT = 30;
const HEADING_ID = 'notifications-heading';

function BellIcon() {
  return (
    <svg width="20" height="20" viewBox="0 0 24 24" fill="none" aria-hidden="true" focusable="false">
      <path
        d="M6 16V11a6 6 0 1 1 12 0v5l1.5 2h-15L6 16Z"
        stroke="currentColor"
        strokeWidth="1.8"
        strokeLinejoin="round"
      />
      <path d="M10 20.5a2 2 0 0 0 4 0" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" />
    </svg>
  );
}

function NotificationItem(props: {
  readonly notification: InAppNotification;
  readonly busy: boolean;
  readonly onRead: () => void;
}) {
  const n = props.notification;
  const unread = n.readAt === null;
  return (
    <Paper
      withBorder
      p="xs"
      component="li"
      data-testid="notification-item"
      data-read={unread ? 'false' : 'true'}
      {...(unread ? { bg: 'blue.0' } : {})}
    >
      <Group justify="space-between" gap={4} wrap="nowrap" align="flex-start">
        <Badge size="xs" variant="light" color={STEP_COLORS[n.step]}>
          {STEP_LABELS[n.step]}
          {n.repeat ? ' (again)' : ''}
        </Badge>
        <Text size="xs" c="dimmed" className="charta-nowrap">
          {formatDateTime(n.createdAt)}
        </Text>
      </Group>
      <Text size="sm" fw={unread ? 700 : 500} mt={4} data-testid="notification-subject">
        {n.subject}
      </Text>
      <Text size="xs" mt={2} style={{ whiteSpace: 'pre-wrap' }} data-testid="notification-body">
        {n.body}
      </Text>
      <Group justify="space-between" mt={6} gap={4}>
        <Text size="xs" c={unread ? 'blue.8' : 'dimmed'} fw={unread ? 600 : 400}>
          {unread ? 'Unread' : `Read ${formatDateTime(n.readAt)}`}
        </Text>
        {unread && (
          <Button
            size="compact-xs"
            variant="light"
            loading={props.busy}
            onClick={props.onRead}
            aria-label={`Mark read: ${n.subject}`}
          >
            Mark read
          </Button>
        )}
      </Group>
    </Paper>
  );
}

/** The header's bell for users who may read their own notifications (every role today); nothing otherwise. */
export function NotificationBell() {
  const { can } = useSession();
  return can(Action.selfManage) ? <Bell /> : null;
}

/**
 * The bell: the number of unread deficiency notifications (read every minute while the tab is visible) and,
 * on click, the newest notifications with their step, time and read state, each of which can be marked read.
 */
function Bell() {
  const api = useNotificationsApi();
  const [unread, setUnread] = useState<number | null>(null);
  const [opened, setOpened] = useState(false);
  const [list, setList] = useState<readonly InAppNotification[] | null>(null);
  const [loading, setLoading] = useState(false);
  const [problem, setProblem] = useState<ProblemDetails | null>(null);
  const [busyId, setBusyId] = useState<string | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);

  // One controller for the component's life: leaving the signed-in app stops any request in flight.
  const lifetime = useRef<AbortController | null>(null);
  useEffect(() => {
    const controller = new AbortController();
    lifetime.current = controller;
    const poll = () => {
      if (document.visibilityState === 'hidden') return;
      api.mine({ unread: 'true', limit: 1 }, controller.signal).then(
        (r) => {
          if (!controller.signal.aborted) setUnread(r.unread);
        },
        // The count stays as it was; the next poll tries again (a 401 has already ended the session).
        () => undefined,
      );
    };
    poll();
    const timer = window.setInterval(poll, POLL_MS);
    document.addEventListener('visibilitychange', poll);
    return () => {
      window.clearInterval(timer);
      document.removeEventListener('visibilitychange', poll);
      controller.abort();
    };
  }, [api]);

  const load = useCallback(() => {
    const signal = lifetime.current?.signal;
    setLoading(true);
    setProblem(null);
    api.mine({ limit: LIST_LIMIT }, signal).then(
      (r) => {
        if (signal?.aborted) return;
        setList(unreadFirst(r.notifications));
        setUnread(r.unread);
        setLoading(false);
      },
      (error: unknown) => {
        if (signal?.aborted) return;
        setProblem(problemOf(error));
        setLoading(false);
      },
    );
  }, [api]);

  const toggle = () => {
    const next = !opened;
    setOpened(next);
    if (next) load();
  };

  const markRead = (n: InAppNotification) => {
    setBusyId(n.id);
    setProblem(null);
    api.markRead(n.id).then(
      (updated) => {
        setBusyId(null);
        setList((l) => l?.map((x) => (x.id === updated.id ? updated : x)) ?? l);
        if (n.readAt === null) setUnread((u) => (u === null ? u : Math.max(0, u - 1)));
        // The button is gone with the unread state; keep keyboard focus inside the list.
        headingRef.current?.focus();
      },
      (error: unknown) => {
        setBusyId(null);
        setProblem(problemOf(error));
      },
    );
  };

  const count = unread ?? 0;
  return (
    <Indicator
      label={<span data-testid="notification-unread-count">{badgeText(count)}</span>}
      size={18}
      color="red"
      disabled={count === 0}
      offset={4}
    >
      <Popover opened={opened} onChange={setOpened} position="bottom-end" width={400} shadow="md" trapFocus withRoles>
        <Popover.Target>
          <ActionIcon
            variant="subtle"
            color="gray"
            size="lg"
            onClick={toggle}
            aria-label={bellLabel(unread)}
            data-testid="notification-bell"
            data-unread={count}
          >
            <BellIcon />
          </ActionIcon>
        </Popover.Target>
        <Popover.Dropdown aria-labelledby={HEADING_ID} data-testid="notification-list" p="sm">
          <Group justify="space-between" mb="xs">
            <Title order={2} size="h5" id={HEADING_ID} ref={headingRef} tabIndex={-1}>
              Notifications
            </Title>
            <Text size="xs" c="dimmed" aria-live="polite">
              {unread === null ? '' : `${unread} unread`}
            </Text>
          </Group>
          {problem && <ProblemAlert problem={problem} onClose={() => setProblem(null)} />}
          {loading && list === null && <Loader size="sm" aria-label="Loading notifications" />}
          {list !== null && list.length === 0 && (
            <Text size="sm" c="dimmed">
              No notifications. Reminders about records to complete appear here.
            </Text>
          )}
          {list !== null && list.length > 0 && (
            <ScrollArea.Autosize mah={440} type="auto">
              <Stack gap="xs" component="ul" className="charta-plain-list">
                {list.map((n) => (
                  <NotificationItem key={n.id} notification={n} busy={busyId === n.id} onRead={() => markRead(n)} />
                ))}
              </Stack>
            </ScrollArea.Autosize>
          )}
        </Popover.Dropdown>
      </Popover>
    </Indicator>
  );
}
