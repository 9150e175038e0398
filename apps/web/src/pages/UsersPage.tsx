import { useState } from 'react';
import { Alert, Badge, Button, Group, Menu, Select, Stack, Switch, Table, Text } from '@mantine/core';
import { isRole, type Role } from '@charta/core';
import type { ProblemDetails, UpdateUserRequest, UserView } from '@charta/contracts';
import { useApi } from '../api/api-context.js';
import { problemOf } from '../api/problem.js';
import { ConfirmModal } from '../components/ConfirmModal.js';
import { PageTitle } from '../components/PageTitle.js';
import { ProblemAlert } from '../components/ProblemAlert.js';
import { formatDateTime, formatTime } from '../format/datetime.js';
import { ROLE_OPTIONS, roleLabel } from '../format/roles.js';
import { useLoad } from '../hooks/use-load.js';
import { useSession } from '../session/session-context.js';
import { CreateUserModal } from './CreateUserModal.js';

/** A change waiting for the administrator's confirmation. */
interface PendingChange {
  readonly user: UserView;
  readonly change: UpdateUserRequest;
  readonly title: string;
  readonly message: string;
  readonly confirmLabel: string;
  readonly danger: boolean;
}

const isLocked = (user: UserView): boolean => user.lockedUntil !== null && Date.parse(user.lockedUntil) > Date.now();

/**
 * Staff accounts. Administrators (users:manage) create users and change roles, status, MFA, lockouts and
 * emergency-access designation; other readers (users:read) see the list only. Changes that grant or remove access
 * are confirmed first.
 */
export function UsersPage() {
  const api = useApi();
  const { can, session } = useSession();
  const manage = can('users:manage');
  const users = useLoad(api.listUsers);
  const [creating, setCreating] = useState(false);
  const [pending, setPending] = useState<PendingChange | null>(null);
  const [busyId, setBusyId] = useState<string | null>(null);
  const [problem, setProblem] = useState<{ username: string; problem: ProblemDetails } | null>(null);
  const [done, setDone] = useState<string | null>(null);

  const replace = (updated: UserView) =>
    users.setData((list) => (list ?? []).map((u) => (u.id === updated.id ? updated : u)));

  const apply = async (user: UserView, change: UpdateUserRequest, summary: string): Promise<boolean> => {
    setBusyId(user.id);
    setProblem(null);
    setDone(null);
    try {
      replace(await api.updateUser(user.id, change));
      setDone(summary);
      return true;
    } catch (error) {
      setProblem({ username: user.username, problem: problemOf(error) });
      return false;
    } finally {
      setBusyId(null);
    }
  };

  const confirmPending = async () => {
    if (pending === null) return;
    const ok = await apply(pending.user, pending.change, `${pending.title}: done for ${pending.user.username}.`);
    if (ok) setPending(null);
  };

  const changeRole = (user: UserView, role: Role | null) => {
    if (role === null || role === user.role) return;
    setPending({
      user,
      change: { role },
      title: 'Change role',
      message: `Change ${user.displayName} (${user.username}) from ${roleLabel(user.role)} to ${roleLabel(role)}? Their permissions change at their next request.`,
      confirmLabel: 'Change role',
      danger: false,
    });
  };

  const toggleDesignation = (user: UserView, designated: boolean) => {
    if (!designated) {
      void apply(user, { emergencyAccessDesignated: false }, `${user.username} may no longer use emergency access.`);
      return;
    }
    setPending({
      user,
      change: { emergencyAccessDesignated: true },
      title: 'Allow emergency access',
      message: `Allow ${user.displayName} (${user.username}) to open restricted records in an emergency? Every use is audited and reviewed.`,
      confirmLabel: 'Allow',
      danger: false,
    });
  };

  const self = session.user.id;
  const list = users.data ?? [];

  return (
    <Stack gap="sm">
      <PageTitle
        description="Staff accounts and what they may do."
        actions={
          manage ? (
            <Button size="xs" onClick={() => setCreating(true)} data-testid="users-create">
              Create user
            </Button>
          ) : undefined
        }
      >
        Users
      </PageTitle>

      {users.problem && <ProblemAlert problem={users.problem} />}
      {problem && pending === null && (
        <Stack gap={4}>
          <Text size="sm" fw={600}>
            Could not change {problem.username}
          </Text>
          <ProblemAlert problem={problem.problem} onClose={() => setProblem(null)} />
        </Stack>
      )}
      {done && (
        <Alert color="green" variant="light" withCloseButton onClose={() => setDone(null)} role="status">
          {done}
        </Alert>
      )}

      <Table.ScrollContainer minWidth={manage ? 1200 : 900}>
        <Table striped highlightOnHover data-testid="users-table" aria-busy={users.loading}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Username</Table.Th>
              <Table.Th>Name</Table.Th>
              <Table.Th>Email</Table.Th>
              <Table.Th>Role</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th>MFA</Table.Th>
              <Table.Th>Emergency access</Table.Th>
              <Table.Th>Last sign-in</Table.Th>
              {manage && <Table.Th aria-label="Actions" />}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.map((u) => {
              const busy = busyId === u.id;
              const locked = isLocked(u);
              const isSelf = u.id === self;
              return (
                <Table.Tr key={u.id} data-testid="users-row">
                  <Table.Td className="charta-nowrap">
                    <code>{u.username}</code>
                  </Table.Td>
                  <Table.Td>{u.displayName}</Table.Td>
                  <Table.Td>{u.email ?? '—'}</Table.Td>
                  <Table.Td miw={170}>
                    {manage && !isSelf ? (
                      <Select<Role>
                        size="xs"
                        aria-label={`Role of ${u.username}`}
                        data={ROLE_OPTIONS}
                        value={isRole(u.role) ? u.role : null}
                        onChange={(role) => changeRole(u, role)}
                        allowDeselect={false}
                        disabled={busy}
                      />
                    ) : (
                      roleLabel(u.role)
                    )}
                  </Table.Td>
                  <Table.Td className="charta-nowrap">
                    <Group gap={4} wrap="nowrap">
                      <Badge size="xs" variant="light" color={u.active ? 'green' : 'gray'}>
                        {u.active ? 'Active' : 'Inactive'}
                      </Badge>
                      {locked && (
                        <Badge size="xs" variant="light" color="orange">
                          Locked until {formatTime(u.lockedUntil)}
                        </Badge>
                      )}
                    </Group>
                  </Table.Td>
                  <Table.Td className="charta-nowrap">
                    <Badge size="xs" variant="light" color={u.mfaEnrolled ? 'teal' : 'gray'}>
                      {u.mfaEnrolled ? 'Enrolled' : 'Not enrolled'}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    {manage ? (
                      <Switch
                        size="xs"
                        aria-label={`${u.username} may use emergency access`}
                        checked={u.emergencyAccessDesignated}
                        onChange={(e) => toggleDesignation(u, e.currentTarget.checked)}
                        disabled={busy}
                        label={u.emergencyAccessDesignated ? 'Designated' : 'No'}
                      />
                    ) : u.emergencyAccessDesignated ? (
                      'Designated'
                    ) : (
                      'No'
                    )}
                  </Table.Td>
                  <Table.Td className="charta-nowrap">{formatDateTime(u.lastLoginAt)}</Table.Td>
                  {manage && (
                    <Table.Td>
                      <Menu position="bottom-end" withinPortal>
                        <Menu.Target>
                          <Button
                            size="compact-xs"
                            variant="default"
                            loading={busy}
                            aria-label={`Actions for ${u.username}`}
                          >
                            Actions
                          </Button>
                        </Menu.Target>
                        <Menu.Dropdown>
                          {u.active ? (
                            <Menu.Item
                              color="red"
                              disabled={isSelf}
                              onClick={() =>
                                setPending({
                                  user: u,
                                  change: { active: false },
                                  title: 'Deactivate user',
                                  message: `Deactivate ${u.displayName} (${u.username})? All of their sessions end and they can no longer sign in.`,
                                  confirmLabel: 'Deactivate',
                                  danger: true,
                                })
                              }
                            >
                              Deactivate
                            </Menu.Item>
                          ) : (
                            <Menu.Item
                              onClick={() => void apply(u, { active: true }, `${u.username} is active again.`)}
                            >
                              Reactivate
                            </Menu.Item>
                          )}
                          <Menu.Item
                            disabled={!u.mfaEnrolled}
                            onClick={() =>
                              setPending({
                                user: u,
                                change: { resetMfa: true },
                                title: 'Reset MFA',
                                message: `Reset two-step sign-in for ${u.displayName} (${u.username})? Their authenticator and recovery codes stop working and they enrol again at next sign-in. Confirm their identity first.`,
                                confirmLabel: 'Reset MFA',
                                danger: true,
                              })
                            }
                          >
                            Reset MFA
                          </Menu.Item>
                          <Menu.Item
                            disabled={!locked}
                            onClick={() => void apply(u, { unlock: true }, `${u.username} is unlocked.`)}
                          >
                            Unlock
                          </Menu.Item>
                        </Menu.Dropdown>
                      </Menu>
                    </Table.Td>
                  )}
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {!users.loading && users.data !== null && list.length === 0 && (
        <Text size="sm" c="dimmed">
          No users yet.
        </Text>
      )}

      <CreateUserModal
        opened={creating}
        onClose={() => setCreating(false)}
        onCreated={(user) => {
          users.setData((current) => [...(current ?? []), user]);
          setCreating(false);
          setDone(`User ${user.username} created.`);
        }}
      />
      <ConfirmModal
        opened={pending !== null}
        title={pending?.title ?? ''}
        confirmLabel={pending?.confirmLabel ?? 'Confirm'}
        danger={pending?.danger ?? false}
        busy={pending !== null && busyId === pending.user.id}
        problem={pending !== null && problem !== null ? problem.problem : null}
        onConfirm={() => void confirmPending()}
        onCancel={() => {
          setPending(null);
          setProblem(null);
        }}
      >
        {pending?.message}
      </ConfirmModal>
    </Stack>
  );
}
