import { useEffect, useRef } from 'react';
import { AppShell, Badge, Burger, Button, Group, NavLink, Stack, Text, Title, UnstyledButton } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import type { AppModule } from '../modules/modules-context.js';
import { NotificationBell } from '../modules/notifications/NotificationBell.js';
import { hrefFor } from '../router/route.js';
import { roleLabel } from '../format/roles.js';
import { useSession } from '../session/session-context.js';
import { PAGE_TITLE_ID } from './PageTitle.js';

export interface AppLayoutProps {
  readonly modules: readonly AppModule[];
  /** The module on screen, or undefined when the route names none the user may open. */
  readonly current: AppModule | undefined;
}

const MAIN_ID = 'main-content';

/** The signed-in frame: header with the user and sign-out, navigation from the registry, the current page. */
export function AppLayout({ modules, current }: AppLayoutProps) {
  const { session, signOut } = useSession();
  const [navOpened, nav] = useDisclosure(false);
  const { user } = session;
  const firstRender = useRef(true);

  // After navigation, focus the new page's heading so keyboard and screen-reader users land on the new content.
  const path = current?.path;
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    document.getElementById(PAGE_TITLE_ID)?.focus();
  }, [path]);

  const Page = current?.component;
  return (
    <AppShell
      header={{ height: 52 }}
      navbar={{ width: 232, breakpoint: 'sm', collapsed: { mobile: !navOpened } }}
      padding="md"
    >
      <AppShell.Header>
        <UnstyledButton className="charta-skip-link" onClick={() => document.getElementById(MAIN_ID)?.focus()}>
          Skip to main content
        </UnstyledButton>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger
              opened={navOpened}
              onClick={nav.toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label={navOpened ? 'Close navigation' : 'Open navigation'}
            />
            <Title order={2} size="h4" c="teal.8">
              Charta
            </Title>
          </Group>
          <Group gap="sm" wrap="nowrap">
            <NotificationBell />
            <Stack gap={0} align="flex-end" visibleFrom="xs">
              <Text size="sm" fw={600} lh={1.2} data-testid="header-user">
                {user.displayName}
              </Text>
              <Badge size="xs" variant="light" color="gray" data-testid="header-role">
                {roleLabel(user.role)}
              </Badge>
            </Stack>
            <Button size="compact-sm" variant="default" onClick={() => void signOut('this')} data-testid="signout">
              Sign out
            </Button>
            <Button
              size="compact-sm"
              variant="subtle"
              color="gray"
              onClick={() => void signOut('everywhere')}
              data-testid="signout-everywhere"
              visibleFrom="md"
            >
              Sign out everywhere
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" component="nav" aria-label="Main">
        {modules.map((m) => (
          <NavLink
            key={m.path}
            href={hrefFor(m.path)}
            label={m.label}
            active={m.path === current?.path}
            aria-current={m.path === current?.path ? 'page' : undefined}
            data-testid={`nav-${m.path}`}
            onClick={nav.close}
          />
        ))}
        <Button
          mt="auto"
          size="compact-sm"
          variant="subtle"
          color="gray"
          onClick={() => void signOut('everywhere')}
          hiddenFrom="md"
        >
          Sign out everywhere
        </Button>
      </AppShell.Navbar>
      <AppShell.Main id={MAIN_ID} tabIndex={-1} className="charta-main">
        {Page ? (
          <Page key={current.path} />
        ) : (
          <Stack gap="xs">
            <Title order={1} size="h3" id={PAGE_TITLE_ID} tabIndex={-1}>
              Page not available
            </Title>
            <Text size="sm">
              This page does not exist or your role cannot open it. <a href={hrefFor('home')}>Go to the home page</a>.
            </Text>
          </Stack>
        )}
      </AppShell.Main>
    </AppShell>
  );
}
