import { Anchor, Card, SimpleGrid, Stack, Text } from '@mantine/core';
import { formatDateTime, greetingFor } from '../format/datetime.js';
import { useVisibleModules } from '../modules/modules-context.js';
import { PageTitle } from '../components/PageTitle.js';
import { hrefFor } from '../router/route.js';
import { roleLabel } from '../format/roles.js';
import { useSession } from '../session/session-context.js';

/** Landing page: who is signed in, in which role, and the modules that role can open. */
export function HomePage() {
  const { session } = useSession();
  const modules = useVisibleModules().filter((m) => m.path !== 'home');
  const { user } = session;

  return (
    <Stack gap="md">
      <PageTitle testId="home-title" description={`Signed in as ${user.username} · ${roleLabel(user.role)}`}>
        {greetingFor(new Date().getHours())}, {user.displayName}
      </PageTitle>
      {session.info.previousSignInAt !== null && (
        <Text size="sm" c="dimmed">
          Your previous sign-in was at {formatDateTime(session.info.previousSignInAt)}. If that was not you, tell your
          administrator.
        </Text>
      )}
      {modules.length === 0 ? (
        <Text size="sm">Your role has no modules yet. Ask your administrator if you expected to see some.</Text>
      ) : (
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="sm" component="ul" className="charta-plain-list">
          {modules.map((m) => (
            <Card key={m.path} withBorder padding="sm" radius="sm" component="li">
              <Anchor href={hrefFor(m.path)} fw={600} data-testid={`home-card-${m.path}`}>
                {m.label}
              </Anchor>
              <Text size="sm" c="dimmed" mt={2}>
                {m.description}
              </Text>
            </Card>
          ))}
        </SimpleGrid>
      )}
    </Stack>
  );
}
